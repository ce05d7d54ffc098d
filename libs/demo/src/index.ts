/**
 * @app/demo — the demo data, loadable by one call, idempotently, on the real schema.
 *
 *   const summary = await loadDemoData(dataSource);          // actor 'system:demo-data'
 *   summary.tables.council_paper;                            // { created: 1, found: 0 } — then { 0, 1 }
 *
 * What is seeded and why: libs/demo/README.md.
 */
export { loadDemoData, DEMO_ACTOR, type DemoDataOptions, type DemoSummary } from './load-demo-data';
export { DEMO_TABLES, type DemoTable, type TableCount } from './writer';
export { DEMO_USERS, type Role, type UserSpec, type OrganisationSpec } from './structure';
export { referenceRowCounts } from './reference-data';
export {
  PEINE,
  PEINE_PERIOD,
  PEINE_PROGRAMME,
  PEINE_POSITION_TITLE,
  PEINE_PRODUCT,
  PEINE_ACCOUNTS,
  PEINE_COORDINATOR_POSITION,
} from './peine';
export { KASSEL, KASSEL_PERIOD, KASSEL_PROGRAMME, KASSEL_FAMILY_CENTRE_LEAD } from './kassel';
export { HSK, HSK_PERIOD, HSK_PROGRAMME, HSK_NETWORK_COORDINATOR } from './hochsauerlandkreis';
export { programmeShare, type ProgrammeSpec } from './funding';
/** Building blocks of the loader, for other callers that write the same kind of rows (libs/simulation). */
export { DemoWriter, json, type Ensured, type EnsureSpec } from './writer';
export { loadReferenceData as writeReferenceData } from './reference-data';
export { ensureOrganisation, department, committee, user, type OrganisationIds, type CommitteeSpec, type DepartmentSpec, type MunicipalitySpec } from './structure';
export {
  ensureApplication,
  ensureProgramme,
  sumCents,
  yearlySums,
  type ApplicationIds,
  type ApplicationSpec,
  type CostLineSpec,
  type FinancingLineSpec,
  type MilestoneSpec,
} from './funding';
