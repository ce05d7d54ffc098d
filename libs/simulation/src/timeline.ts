import type { Cents } from '@app/money';
import type { TimelineEvent } from './runner';

/*
 * timeline.csv: one row per event in date order, with running totals of the cost booked (ledger
 * 'actual'), the funder's share booked (ledger 'reimbursement') and the money disbursed
 * (Mittelabrufe). Semicolon-separated, € with a decimal comma (as German spreadsheets read it),
 * and every amount also in cents.
 */

export interface TimelineRow extends TimelineEvent {
  costTotalCents: Cents;
  reimbursementTotalCents: Cents;
  disbursedTotalCents: Cents;
}

export function withRunningTotals(events: readonly TimelineEvent[]): TimelineRow[] {
  let cost = 0;
  let reimbursement = 0;
  let disbursed = 0;
  return events.map((e) => {
    if (e.kind === 'buchung') {
      cost += e.amountCents ?? 0;
      reimbursement += e.reimbursementCents ?? 0;
    }
    if (e.kind === 'mittelabruf') disbursed += e.amountCents ?? 0;
    return { ...e, costTotalCents: cost, reimbursementTotalCents: reimbursement, disbursedTotalCents: disbursed };
  });
}

/** 1234,56 (no thousands separator; negative with a minus) */
export function euroCell(cents: Cents | null): string {
  if (cents === null) return '';
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

function cell(value: string): string {
  return /[;"\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export const TIMELINE_HEADER = [
  'datum',
  'ereignis',
  'antrag',
  'beschreibung',
  'betrag_ct',
  'betrag_eur',
  'erstattung_ct',
  'erstattung_eur',
  'kosten_gebucht_kumuliert_ct',
  'kosten_gebucht_kumuliert_eur',
  'erstattung_kumuliert_ct',
  'erstattung_kumuliert_eur',
  'ausgezahlt_kumuliert_ct',
  'ausgezahlt_kumuliert_eur',
] as const;

export function timelineCsv(rows: readonly TimelineRow[]): string {
  const lines = [TIMELINE_HEADER.join(';')];
  for (const r of rows) {
    lines.push(
      [
        r.on,
        r.kind,
        r.application,
        r.text,
        r.amountCents === null ? '' : String(r.amountCents),
        euroCell(r.amountCents),
        r.reimbursementCents === null ? '' : String(r.reimbursementCents),
        euroCell(r.reimbursementCents),
        String(r.costTotalCents),
        euroCell(r.costTotalCents),
        String(r.reimbursementTotalCents),
        euroCell(r.reimbursementTotalCents),
        String(r.disbursedTotalCents),
        euroCell(r.disbursedTotalCents),
      ]
        .map(cell)
        .join(';'),
    );
  }
  return `${lines.join('\n')}\n`;
}
