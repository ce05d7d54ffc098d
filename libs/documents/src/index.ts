export * from './format';
export * from './pdf';
export * from './council-paper';
export { resolveTemplatesDir, templatePath } from './templates';
/** Sample data: the real Informationsvorlage 2021/844 and a long Beschlussvorlage (tests, benchmarks, demos). */
export { VORLAGE_2021_844 } from './council-paper/fixtures/vorlage-2021-844';
export { longCouncilPaper } from './council-paper/fixtures/long-council-paper';
export * from './funding';
export * from './status-report';
/** Sample data: Landkreis Peine in "Präventionsketten Niedersachsen" (tests, benchmarks, demos). */
export { PEINE_APPLICATION } from './funding/fixtures/application-form';
export { PEINE_DISBURSEMENT_REQUEST, peineDisbursementRequest } from './funding/fixtures/disbursement-request';
export { PEINE_INTERIM_REPORT_2022, peineInterimReport } from './funding/fixtures/interim-report';
export {
  PEINE_PROOF_OF_USE_FIGURES,
  PEINE_PROOF_OF_USE_NARRATIVE,
  longProofOfUseFigures,
  peineProofOfUseFigures,
} from './funding/fixtures/proof-of-use';
export { PEINE_STATUS_REPORT, peineStatusReport } from './status-report/fixtures/status-report-peine';
