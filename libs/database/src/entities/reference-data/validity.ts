/*
 * Reference rows are valid from the 1st of a month through the last day of a month (inclusive),
 * or open-ended (valid_to NULL) — the personnel-cost engine rejects other boundaries, and so does
 * the database. The SQL below is what the migrations spell out per table.
 */
export const MONTH_VALIDITY_CHECK =
  `EXTRACT(DAY FROM "valid_from") = 1 AND ("valid_to" IS NULL OR ("valid_to" >= "valid_from" AND EXTRACT(DAY FROM "valid_to" + 1) = 1))`;
