import { addDays, compareDates, type IsoDate } from '@app/calendar';
import { applyTariffIncrease, validateReferenceData, type PayTableRow, type ReferenceData } from '@app/personnel-costs';
import type { AssumedTariffIncrease } from './scenario';

/*
 * PERSONNEL-COSTS.md § 2a: a table not yet published may be filled by the agreed increase rule,
 * the rows marked `computed`. A scenario that runs beyond the shipped tables declares the
 * increases it assumes (e.g. +3.0 % every 1 April); the simulation adds such rows, for every pay
 * group, from the day after the last shipped row until the scenario's last day, and says so in
 * its output. On-cost rates and allowances already run open-ended ("assumed unchanged").
 */

export interface AssumedRowsResult {
  data: ReferenceData;
  /** the rows added (one per pay group and validity) */
  added: PayTableRow[];
}

function germanDate(d: IsoDate): string {
  return `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;
}

/** The reference data with assumed pay-table rows through `through` (inclusive). */
export function withAssumedTariffIncreases(ref: ReferenceData, increases: readonly AssumedTariffIncrease[], through: IsoDate): AssumedRowsResult {
  const latest = new Map<string, PayTableRow>();
  for (const row of ref.payTable) {
    const key = `${row.payScale}|${row.payGroup}`;
    const before = latest.get(key);
    if (!before || compareDates(row.validFrom, before.validFrom) > 0) latest.set(key, row);
  }
  const added: PayTableRow[] = [];
  for (const last of latest.values()) {
    if (last.validTo === null || compareDates(last.validTo, through) >= 0) continue;
    if (increases.length === 0) continue; // the engine then refuses the months without data, as it should
    let row = last;
    while (row.validTo !== null && compareDates(row.validTo, through) < 0) {
      const from = addDays(row.validTo, 1);
      const dates = increaseDatesFrom(increases, from);
      const first = dates[0];
      let next: PayTableRow;
      if (first.date === from) {
        const inc = first.increase;
        next = {
          payScale: row.payScale,
          payGroup: row.payGroup,
          validFrom: from,
          validTo: addDays(dates[1].date, -1),
          computed: true,
          note: `angenommene Tariferhöhung +${inc.percent} %${inc.minimumIncreaseCents ? `, mindestens ${(inc.minimumIncreaseCents / 100).toFixed(2)} €` : ''} ab ${germanDate(from)} (Szenario, PERSONNEL-COSTS.md § 2a)`,
          amounts: Object.fromEntries(Object.entries(row.amounts).map(([stage, cents]) => [stage, applyTariffIncrease(cents, inc.percent, inc.minimumIncreaseCents)])),
        };
      } else {
        // a gap until the next increase day: the amounts stay as they are
        next = { ...row, validFrom: from, validTo: addDays(first.date, -1), computed: true, note: `angenommen unverändert bis ${germanDate(addDays(first.date, -1))} (Szenario)` };
      }
      added.push(next);
      row = next;
    }
  }
  const data = validateReferenceData({ ...ref, name: `${ref.name} + angenommene Tariferhöhungen`, payTable: [...ref.payTable, ...added] });
  return { data, added };
}

/** The increase days on or after `from`, ascending (at least two). */
function increaseDatesFrom(increases: readonly AssumedTariffIncrease[], from: IsoDate): Array<{ date: IsoDate; increase: AssumedTariffIncrease }> {
  const year = Number(from.slice(0, 4));
  const out: Array<{ date: IsoDate; increase: AssumedTariffIncrease }> = [];
  for (let y = year; y <= year + 2; y++) for (const inc of increases) out.push({ date: `${y}-${inc.from}`, increase: inc });
  return out.filter((d) => compareDates(d.date, from) >= 0).sort((a, b) => compareDates(a.date, b.date));
}
