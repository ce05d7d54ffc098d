export * from './funding-document';
export * from './funding-format';
export * from './settlement';
export * from './validation';
export { type BuildFundingPdfOptions, FUNDING_STYLES, milestoneStatus, OVERRUN_FLAG, CONFIRMATION } from './common';
export * from './application-form';
export * from './disbursement-request';
export * from './interim-report';
export * from './proof-of-use';
