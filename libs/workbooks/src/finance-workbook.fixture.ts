import { mulDivRoundHalfUp, type Cents } from '@app/money';
import type { FinanceWorkbookInput, LedgerEntry, StaffCostMonth, StaffPosition } from './finance-workbook.types';

/**
 * Test fixture: Landkreis Peine, Produkt 3636 "übrige Hilfen", Haushaltsjahre 2021–2023, a
 * handful of ledger entries (with a reversal and its correction, and one entry of 2024 that no
 * budget line covers) and one half-time position with twelve months of 2022.
 */

export const PRODUCT = '3636';

export const ACCOUNTS = [
  { number: '620010', name: 'Entgelte für geleistete Arbeitszeit' },
  { number: '640010', name: 'Arbeitgeberanteile zur Sozialversicherung' },
  { number: '647010', name: 'Beiträge zur Zusatzversorgung' },
  { number: '541100', name: 'Zuweisungen vom Land' },
] as const;

const PLAN: Record<string, Record<number, Cents>> = {
  '620010': { 2021: 2_400_000, 2022: 2_520_000, 2023: 2_646_000 },
  '640010': { 2021: 502_800, 2022: 527_900, 2023: 554_300 },
  '647010': { 2021: 144_000, 2022: 151_200, 2023: 158_800 },
  '541100': { 2021: 2_437_300, 2022: 2_559_300, 2023: 2_687_300 },
};

export const LEDGER: readonly LedgerEntry[] = [
  e('B-2021-0001', '2021-01-04', '620010', 'commitment', 2_350_000, 'AO-2021-17', 'Mittelbindung Personalkosten Fachkraft 2021'),
  e('B-2021-0002', '2021-04-30', '620010', 'actual', 203_366, 'LA-2021-04', 'Entgelt April 2021, Fachkraft Familienzentrum'),
  e('B-2021-0003', '2021-04-30', '640010', 'actual', 42_605, 'LA-2021-04', 'AG-Anteil SV April 2021'),
  e('B-2021-0004', '2021-04-30', '647010', 'actual', 12_202, 'LA-2021-04', 'ZVK-Umlage April 2021'),
  e('B-2021-0005', '2021-05-31', '620010', 'actual', 230_366, 'LA-2021-05', 'Entgelt Mai 2021 (falsche Stufe)'),
  {
    ...e('B-2021-0006', '2021-06-15', '620010', 'actual', -230_366, 'ST-2021-01', 'Storno: Entgelt Mai 2021, falsche Stufe'),
    reversalOf: 'B-2021-0005',
  },
  e('B-2021-0007', '2021-06-15', '620010', 'actual', 203_366, 'LA-2021-05K', 'Entgelt Mai 2021, berichtigt'),
  e('B-2021-0008', '2021-07-20', '541100', 'reimbursement', 206_814, 'MA-2021-01', 'Erstattung Land Niedersachsen, 1. Mittelabruf'),
  e('B-2022-0001', '2022-01-03', '620010', 'commitment', 2_480_000, 'AO-2022-03', 'Mittelbindung Personalkosten 2022'),
  e('B-2022-0002', '2022-01-31', '620010', 'actual', 209_866, 'LA-2022-01', 'Entgelt Januar 2022 "Fachkraft" & Zulage'),
  e('B-2022-0003', '2022-01-31', '640010', 'actual', 43_967, 'LA-2022-01', 'AG-Anteil SV Januar 2022'),
  e('B-2022-0004', '2022-03-10', '541100', 'reimbursement', 201_000, 'MA-2022-01', 'Erstattung Land Niedersachsen'),
  e('B-2023-0001', '2023-02-28', '647010', 'actual', 12_592, 'LA-2023-02', 'ZVK-Umlage Februar 2023'),
  e('B-2024-0001', '2024-01-15', '620010', 'actual', 1_250, 'LA-2023-12N', 'Nachzahlung Dezember 2023 (Haushaltsjahr 2024)'),
];

function e(
  id: string,
  date: string,
  account: string,
  kind: LedgerEntry['kind'],
  amountCents: Cents,
  reference: string,
  text: string,
): LedgerEntry {
  return { id, date, product: PRODUCT, account, kind, amountCents, reference, text };
}

/** 2022, 19.5 of 39 hours, S 12: pay, SuE-Zulage, bonus in November, SV 20.95 %, ZVK 6 %, 80 % share capped. */
export function staffMonths(): StaffCostMonth[] {
  const pay = mulDivRoundHalfUp(406_731, 195n, 390n); // 2,033.66 €
  const allowances = mulDivRoundHalfUp(13_000, 195n, 390n); // 65.00 €
  const cap = 2_400_000;
  let cumulativeCost = 0;
  let cumulativeShare = 0;
  return Array.from({ length: 12 }, (_, i) => {
    const bonus = i === 10 ? mulDivRoundHalfUp(pay, 7028n, 10000n) : 0;
    const gross = pay + allowances + bonus;
    const socialSecurity = mulDivRoundHalfUp(gross, 2095n, 10000n);
    const pension = mulDivRoundHalfUp(gross, 600n, 10000n);
    const total = gross + socialSecurity + pension;
    cumulativeCost += total;
    const share = Math.min(cap, mulDivRoundHalfUp(cumulativeCost, 80n, 100n));
    const reimbursement = share - cumulativeShare;
    cumulativeShare = share;
    return {
      month: `2022-${String(i + 1).padStart(2, '0')}`,
      payCents: pay,
      allowancesCents: allowances,
      bonusCents: bonus,
      socialSecurityCents: socialSecurity,
      supplementaryPensionCents: pension,
      totalCents: total,
      reimbursementCents: reimbursement,
      ownShareCents: total - reimbursement,
    };
  });
}

export const POSITION: StaffPosition = {
  id: 'pos-1',
  shortTitle: 'Sozialpädagogin Familienzentrum Peine-Ost',
  title: 'Sozialpädagogin/Sozialpädagoge Familienzentrum Peine-Ost (0,5 VZÄ)',
  details: 'Produkt 3636 · TVöD-VKA S 12 · 19,5 von 39 Wochenstunden',
  notes: [
    'Arbeitgeberkosten nach Pauschalmodell: ohne Beitragsbemessungsgrenze, ohne U1/U2, ohne Unfallkasse.',
    'ZVK-Umlagesatz 6,00 % angenommen.',
  ],
  months: staffMonths(),
};

export async function* asyncLedger(entries: readonly LedgerEntry[] = LEDGER): AsyncGenerator<LedgerEntry> {
  for (const entry of entries) yield entry;
}

export function peineInput(overrides: Partial<FinanceWorkbookInput> = {}): FinanceWorkbookInput {
  return {
    organisation: 'Landkreis Peine',
    fiscalYears: [2021, 2022, 2023],
    products: [{ number: PRODUCT, name: 'übrige Hilfen' }],
    accounts: ACCOUNTS,
    budgetLines: Object.entries(PLAN).flatMap(([account, years]) =>
      Object.entries(years).map(([year, plannedCents]) => ({
        product: PRODUCT,
        account,
        fiscalYear: Number(year),
        plannedCents,
      })),
    ),
    ledger: asyncLedger(),
    staffPositions: [POSITION],
    asOf: new Date('2026-11-25T09:00:00Z'),
    ...overrides,
  };
}
