export * from './interim-report-document';
export * from './build-interim-report-pdf';
