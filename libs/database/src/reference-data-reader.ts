import { EntityManager } from 'typeorm';
import { validateReferenceData, type ReferenceData } from '@app/personnel-costs';

const date = (d: string | null): string | null => d;

/**
 * Reads the dated TVöD reference data (pay tables, allowances, bonus bands and rates, on-cost
 * rates) from the database into the personnel-cost engine's validated form: what finance has
 * entered is what the bookings use. A pay_table_row is one Stufe; the engine's row holds all
 * Stufen of one (scale, group, validity).
 */
export async function readReferenceData(em: EntityManager, name = 'database'): Promise<ReferenceData> {
  const [pay, allowances, bands, bonusRates, onCosts] = await Promise.all([
    em.query(`SELECT pay_scale, pay_group, stage, valid_from::text, valid_to::text, amount_cents::text, computed, note
                FROM pay_table_row ORDER BY pay_scale, pay_group, valid_from, stage`),
    em.query(`SELECT code, name, pay_groups, amount_cents::text, pro_rata_part_time, pro_rata_partial_month, in_bonus_base,
                     in_on_cost_base, valid_from::text, valid_to::text, assumed, note
                FROM allowance_rate ORDER BY code, valid_from`),
    em.query(`SELECT band, pay_groups, inferred, note FROM bonus_band ORDER BY band`),
    em.query(`SELECT band, rate_percent::text, valid_from::text, valid_to::text, note FROM bonus_rate ORDER BY band, valid_from`),
    em.query(`SELECT component, name, rate_percent::text, valid_from::text, valid_to::text, assumed, basis, note
                FROM on_cost_rate ORDER BY component, valid_from`),
  ]);

  type PayRow = { payScale: string; payGroup: string; validFrom: string; validTo: string | null; computed: boolean; note?: string; amounts: Record<string, number> };
  const payTable = new Map<string, PayRow>();
  for (const r of pay as Array<Record<string, string | number | boolean | null>>) {
    const key = `${r.pay_scale}|${r.pay_group}|${r.valid_from}|${r.valid_to}|${r.computed}`;
    const row = payTable.get(key) ?? {
      payScale: String(r.pay_scale),
      payGroup: String(r.pay_group),
      validFrom: String(r.valid_from),
      validTo: date(r.valid_to as string | null),
      computed: Boolean(r.computed),
      ...(r.note ? { note: String(r.note) } : {}),
      amounts: {},
    };
    row.amounts[String(r.stage)] = Number(r.amount_cents);
    payTable.set(key, row);
  }

  const optionalNote = (note: unknown) => (note ? { note: String(note) } : {});
  return validateReferenceData({
    name,
    payTable: [...payTable.values()],
    allowances: (allowances as Array<Record<string, unknown>>).map((r) => ({
      code: r.code,
      name: r.name,
      payGroups: r.pay_groups,
      amount: Number(r.amount_cents),
      proRataPartTime: r.pro_rata_part_time,
      proRataPartialMonth: r.pro_rata_partial_month,
      inBonusBase: r.in_bonus_base,
      inOnCostBase: r.in_on_cost_base,
      validFrom: r.valid_from,
      validTo: r.valid_to,
      assumed: r.assumed,
      ...optionalNote(r.note),
    })),
    bonusBands: (bands as Array<Record<string, unknown>>).map((r) => ({ band: r.band, payGroups: r.pay_groups, inferred: r.inferred, ...optionalNote(r.note) })),
    bonusRates: (bonusRates as Array<Record<string, unknown>>).map((r) => ({
      band: r.band,
      ratePercent: r.rate_percent,
      validFrom: r.valid_from,
      validTo: r.valid_to,
      ...optionalNote(r.note),
    })),
    onCostRates: (onCosts as Array<Record<string, unknown>>).map((r) => ({
      component: r.component,
      name: r.name,
      ratePercent: r.rate_percent,
      validFrom: r.valid_from,
      validTo: r.valid_to,
      assumed: r.assumed,
      ...(r.basis ? { basis: String(r.basis) } : {}),
      ...optionalNote(r.note),
    })),
  });
}
