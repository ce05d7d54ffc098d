import { action, client, CommandContext, intOption, list, LIST_OPTIONS, parse, print } from './context';
import { date, euro, fields } from '../output';
import { UsageError } from '../usage-error';

export interface BudgetLine {
  id: string;
  productNumber: string;
  productName: string;
  accountNumber: string;
  accountName: string;
  accountKind: string;
  fiscalYear: number;
  plannedCents: number;
}

export interface BudgetLineSummary {
  budgetLineId: string;
  fiscalYear: number;
  accountKind: string;
  plannedCents: number;
  committedCents: number;
  actualCents: number;
  reimbursementsCents: number;
  varianceCents: number;
  entryCount: number;
}

export interface LedgerEntry {
  id: string;
  budgetLineId: string;
  bookedOn: string;
  kind: string;
  amountCents: number;
  text: string;
  reference: string | null;
}

const year = (value: string | undefined) => intOption('year', value, 2000, 2100);

/** `budget-lines list|summary` */
export async function budgetLines(ctx: CommandContext): Promise<void> {
  const { name, rest } = action('budget-lines', ctx.argv, ['list', 'summary']);
  if (name === 'list') {
    const { values } = parse('budget-lines list', rest, { ...LIST_OPTIONS, year: { type: 'string' } });
    await list<BudgetLine>(ctx, values, '/api/v1/budget-lines', { fiscalYear: year(values.year) }, [
      { header: 'ID', value: (l) => l.id },
      { header: 'Jahr', value: (l) => String(l.fiscalYear) },
      { header: 'Produkt', value: (l) => `${l.productNumber} ${l.productName}` },
      { header: 'Konto', value: (l) => `${l.accountNumber} ${l.accountName}` },
      { header: 'Art', value: (l) => l.accountKind },
      { header: 'Ansatz', value: (l) => euro(l.plannedCents), align: 'right' },
    ]);
    return;
  }
  const { values, positionals } = parse('budget-lines summary', rest, {}, ['<id>']);
  const s = await client(ctx, values).get<BudgetLineSummary>(`/api/v1/budget-lines/${encodeURIComponent(positionals[0]!)}/summary`);
  print(ctx, values, s, () =>
    fields([
      ['Haushaltsansatz', s.budgetLineId],
      ['Jahr', String(s.fiscalYear)],
      ['Art', s.accountKind],
      ['Ansatz', euro(s.plannedCents)],
      ['Mittelbindungen', euro(s.committedCents)],
      ['Ist', euro(s.actualCents)],
      ['Erstattungen', euro(s.reimbursementsCents)],
      ['Abweichung', euro(s.varianceCents)],
      ['Buchungen', String(s.entryCount)],
    ]),
  );
}

/** `ledger list` */
export async function ledger(ctx: CommandContext): Promise<void> {
  const { rest } = action('ledger', ctx.argv, ['list']);
  const { values } = parse('ledger list', rest, { ...LIST_OPTIONS, 'budget-line': { type: 'string' }, year: { type: 'string' } });
  const line = values['budget-line'];
  if (line !== undefined && !line.trim()) throw new UsageError('--budget-line needs a budget line id');
  await list<LedgerEntry>(ctx, values, '/api/v1/ledger-entries', { budgetLineId: line, fiscalYear: year(values.year) }, [
    { header: 'ID', value: (e) => e.id, align: 'right' },
    { header: 'Datum', value: (e) => date(e.bookedOn) },
    { header: 'Art', value: (e) => e.kind },
    { header: 'Betrag', value: (e) => euro(e.amountCents), align: 'right' },
    { header: 'Buchungstext', value: (e) => e.text },
  ]);
}
