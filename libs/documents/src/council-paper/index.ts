export * from './build-council-paper-pdf';
export * from './council-paper-document';
