import type { ReferenceData } from '@app/personnel-costs';
import type { DemoWriter } from './writer';

/**
 * Loads TVöD-VKA reference data (the engine's validated form, amounts in cents) into the global
 * reference tables: one pay_table_row per (scale, group, Stufe, validFrom), allowance_rate,
 * bonus_band, bonus_rate and on_cost_rate — each keyed by its table's unique constraint.
 */
export async function loadReferenceData(w: DemoWriter, data: ReferenceData): Promise<void> {
  for (const row of data.payTable) {
    for (const [stage, amountCents] of Object.entries(row.amounts)) {
      await w.ensure('pay_table_row', {
        key: { pay_scale: row.payScale, pay_group: row.payGroup, stage: Number(stage), valid_from: row.validFrom },
        values: { valid_to: row.validTo, amount_cents: amountCents, computed: row.computed, note: row.note ?? null },
        conflict: ['pay_scale', 'pay_group', 'stage', 'valid_from'],
      });
    }
  }
  for (const row of data.allowances) {
    await w.ensure('allowance_rate', {
      key: { code: row.code, valid_from: row.validFrom, pay_groups: [...row.payGroups] },
      values: {
        name: row.name,
        amount_cents: row.amount,
        pro_rata_part_time: row.proRataPartTime,
        pro_rata_partial_month: row.proRataPartialMonth,
        in_bonus_base: row.inBonusBase,
        in_on_cost_base: row.inOnCostBase,
        valid_to: row.validTo,
        assumed: row.assumed,
        note: row.note ?? null,
      },
      conflict: ['code', 'valid_from', 'pay_groups'],
    });
  }
  for (const band of data.bonusBands) {
    await w.ensure('bonus_band', {
      key: { band: band.band },
      values: { pay_groups: [...band.payGroups], inferred: band.inferred, note: band.note ?? null },
      conflict: ['band'],
    });
  }
  for (const row of data.bonusRates) {
    await w.ensure('bonus_rate', {
      key: { band: row.band, valid_from: row.validFrom },
      values: { rate_percent: row.ratePercent, valid_to: row.validTo, note: row.note ?? null },
      conflict: ['band', 'valid_from'],
    });
  }
  for (const row of data.onCostRates) {
    await w.ensure('on_cost_rate', {
      key: { component: row.component, valid_from: row.validFrom },
      values: {
        name: row.name,
        rate_percent: row.ratePercent,
        valid_to: row.validTo,
        assumed: row.assumed,
        basis: row.basis ?? null,
        note: row.note ?? null,
      },
      conflict: ['component', 'valid_from'],
    });
  }
}

/** Rows the reference data gives per table (a pay table row of the engine is one row per Stufe here). */
export function referenceRowCounts(data: ReferenceData): Record<'pay_table_row' | 'allowance_rate' | 'bonus_band' | 'bonus_rate' | 'on_cost_rate', number> {
  return {
    pay_table_row: data.payTable.reduce((n, row) => n + Object.keys(row.amounts).length, 0),
    allowance_rate: data.allowances.length,
    bonus_band: data.bonusBands.length,
    bonus_rate: data.bonusRates.length,
    on_cost_rate: data.onCostRates.length,
  };
}
