import type { DeadlineDates, DisbursementWindow } from '@app/calendar';
import { formatEuro, type Cents } from '@app/money';
import { formatDate } from '../format';
import type { CostCategory, Financing, GrantReference, LegalBasis, Period } from './funding-document';

/**
 * German wording of the funding documents: pure functions, no layout.
 */

const NBSP = '\u00a0';

/** Amount in a table column whose header says "in €": 5670000 → "56.700,00". */
export function formatAmount(cents: Cents): string {
  return formatEuro(cents, false);
}

/** "01.06.2021 – 31.05.2024". */
export function formatPeriod(period: Period): string {
  return `${formatDate(period.start)} – ${formatDate(period.end)}`;
}

/**
 * Basis points as a German percentage: 5000 → "50 %", 4795 → "47,95 %"; with `fixed`, always
 * two decimals ("50,00 %"), as in a column of shares. A no-break space keeps number and sign together.
 */
export function formatPercent(basisPoints: number, options: { fixed?: boolean } = {}): string {
  if (!Number.isInteger(basisPoints)) throw new RangeError(`basis points must be an integer, got ${basisPoints}`);
  const sign = basisPoints < 0 ? '-' : '';
  const abs = Math.abs(basisPoints);
  const whole = Math.floor(abs / 100).toString();
  const fraction = (abs % 100).toString().padStart(2, '0');
  const number = !options.fixed && fraction === '00' ? whole : `${whole},${fraction}`;
  return `${sign}${number}${NBSP}%`;
}

/** A signed deviation: "+1.234,00" / "-560,10" / "0,00". */
export function formatSignedAmount(cents: Cents): string {
  return cents > 0 ? `+${formatAmount(cents)}` : formatAmount(cents);
}

/** A signed share: "+33,33 %"; "–" when there is no base. */
export function formatSignedPercent(basisPoints: number | null): string {
  if (basisPoints === null) return '–';
  return basisPoints > 0 ? `+${formatPercent(basisPoints, { fixed: true })}` : formatPercent(basisPoints, { fixed: true });
}

/** A deadline: "30.04.2023", or "30.04.2023 (Fristende: 02.05.2023)" when a weekend or holiday moves it. */
export function formatDeadline(deadline: DeadlineDates): string {
  const nominal = formatDate(deadline.nominal);
  return deadline.shifted ? `${nominal} (Fristende: ${formatDate(deadline.effective)})` : nominal;
}

export const COST_CATEGORY_LABELS: Readonly<Record<CostCategory, string>> = {
  personnel: 'Personalausgaben',
  material: 'Sachausgaben',
  other: 'Sonstige Ausgaben',
};

/** "Zuwendung nach § 44 LHO i. V. m. der …" / "Privatrechtlicher Fördervertrag: …". */
export function formatLegalBasis(basis: LegalBasis, generalConditions?: string): string {
  const text =
    basis.instrument === 'Zuwendungsbescheid'
      ? `Zuwendung nach ${basis.budgetRule} i.${NBSP}V.${NBSP}m. der ${basis.guideline}`
      : `Privatrechtlicher Fördervertrag: ${basis.contract}`;
  return generalConditions ? `${text}; es gelten die ${generalConditions}` : text;
}

/** "Fördervertrag vom 15.06.2021, Aktenzeichen PK-NI-2021-017". */
export function formatGrantReference(basis: LegalBasis, grant: Pick<GrantReference, 'date' | 'fileNumber'>): string {
  return `${basis.instrument} vom ${formatDate(grant.date)}, Aktenzeichen ${grant.fileNumber}`;
}

/** The financing type as label/value pairs: Finanzierungsart, Fördersatz, Höchstbetrag … */
export function financingFacts(financing: Financing): [label: string, value: string][] {
  const type: [string, string] = ['Finanzierungsart:', financing.type];
  switch (financing.type) {
    case 'Anteilfinanzierung':
      return [type, ['Fördersatz:', `${formatPercent(financing.rateBasisPoints)} der zuwendungsfähigen Ausgaben`], ['Höchstbetrag:', formatEuro(financing.cap)]];
    case 'Fehlbedarfsfinanzierung':
    case 'Vollfinanzierung':
      return [type, ['Höchstbetrag:', formatEuro(financing.cap)]];
    case 'Festbetragsfinanzierung':
      return [type, ['Festbetrag:', formatEuro(financing.amount)]];
  }
}

const NUMBER_WORDS = ['', 'einem', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun', 'zehn', 'elf', 'zwölf'];

/** "innerhalb von zwei Monaten", "innerhalb von sechs Wochen", "innerhalb eines Monats". */
export function formatDisbursementWindow(window: DisbursementWindow): string {
  if (window.length === 1) return window.unit === 'months' ? 'innerhalb eines Monats' : 'innerhalb einer Woche';
  const count = NUMBER_WORDS[window.length] ?? String(window.length);
  return `innerhalb von ${count} ${window.unit === 'months' ? 'Monaten' : 'Wochen'}`;
}

/** "DE89370400440532013000" → "DE89 3704 0044 0532 0130 00". */
export function formatIban(iban: string): string {
  return iban.replace(/\s+/g, '').toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');
}
