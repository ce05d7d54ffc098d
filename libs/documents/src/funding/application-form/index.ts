export * from './application-form-document';
export * from './build-application-form-pdf';
