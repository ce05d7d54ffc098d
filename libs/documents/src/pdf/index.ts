export * from './accessible-pdf';
export * from './box';
export * from './fonts';
export * from './table';
export { escapeXml, pdfUaIdentificationXmp } from './xmp';
export * from './summary-table';
export * from './page-furniture';
