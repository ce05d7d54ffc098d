export * from './status-report-document';
export * from './build-status-report-pdf';
