export * from './disbursement-request-document';
export * from './build-disbursement-request-pdf';
