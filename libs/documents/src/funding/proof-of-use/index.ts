export * from './proof-of-use-document';
export { PROOF_OF_USE_LABELS, proofOfUseDeadline } from './proof-of-use-common';
export * from './build-proof-of-use-narrative-pdf';
export * from './build-proof-of-use-figures-pdf';
