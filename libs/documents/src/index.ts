export * from './format';
export * from './pdf';
export * from './council-paper';
export { resolveTemplatesDir, templatePath } from './templates';
/** Sample data: the real Informationsvorlage 2021/844 and a long Beschlussvorlage (tests, benchmarks, demos). */
export { VORLAGE_2021_844 } from './council-paper/fixtures/vorlage-2021-844';
export { longCouncilPaper } from './council-paper/fixtures/long-council-paper';
