/**
 * @app/personnel-costs — personnel costs, Jahressonderzahlung, on-costs, the funder's share and
 * the ledger lines of a TVöD-VKA staff position, by the rules of PERSONNEL-COSTS.md (sections
 * 0–6, 8). Pure and deterministic (no clock, no I/O, no Node built-ins): safe in Temporal
 * workflow code. Money in integer cents; ratios applied exactly, only money results rounded
 * half-up. Reference data is dated data (reference-data/tvoed-vka.json), never constants.
 *
 *   const schedule = computeSchedule(position, TVOED_VKA_REFERENCE_DATA);
 *   // or month by month, carrying the cumulative state:
 *   const m = computeMonth(position, TVOED_VKA_REFERENCE_DATA, '2025-06', priorCumulative);
 */
export * from './errors';
export * from './types';
export {
  loadReferenceData,
  validateReferenceData,
  findPayTableRow,
  findAllowanceRow,
  findBonusBand,
  findBonusRate,
  findOnCostRate,
} from './reference-data';
export { validatePosition, employmentMonths, DEFAULT_ACCOUNTS, DEFAULT_ON_COST_COMPONENTS } from './position';
export { MonthOutsideEmploymentError } from './monthly-pay';
export { computeMonth, computeSchedule, INITIAL_CUMULATIVE_STATE, FLAT_ON_COST_MODEL_SIMPLIFICATIONS } from './engine';
export { applyTariffIncrease } from './tariff';
export { TVOED_VKA_REFERENCE_DATA, TVOED_VKA_REFERENCE_FILE } from './reference-data/index';
