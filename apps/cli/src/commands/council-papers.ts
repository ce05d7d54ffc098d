import { action, client, CommandContext, list, LIST_OPTIONS, parse, print } from './context';
import { date, euro, fields, table, truncate } from '../output';

export interface CouncilPaperSummary {
  id: string;
  number: string;
  paperType: string;
  status: string;
  paperDate: string;
  title: string;
  leadDepartmentName: string;
  costCents: number | null;
}

export interface CouncilPaper extends CouncilPaperSummary {
  isPublic: boolean;
  consultations: Array<{ position: number; committeeName: string; sessionDate: string; role: string; isPublic: boolean; outcome: string | null }>;
}

/** `council-papers list|show` */
export async function councilPapers(ctx: CommandContext): Promise<void> {
  const { name, rest } = action('council-papers', ctx.argv, ['list', 'show']);
  if (name === 'list') {
    const { values } = parse('council-papers list', rest, LIST_OPTIONS);
    await list<CouncilPaperSummary>(ctx, values, '/api/v1/council-papers', {}, [
      { header: 'Nummer', value: (p) => p.number },
      { header: 'Datum', value: (p) => date(p.paperDate) },
      { header: 'Art', value: (p) => p.paperType },
      { header: 'Status', value: (p) => p.status },
      { header: 'Titel', value: (p) => truncate(p.title, 60) },
      { header: 'Kosten', value: (p) => euro(p.costCents), align: 'right' },
      { header: 'ID', value: (p) => p.id },
    ]);
    return;
  }
  const { values, positionals } = parse('council-papers show', rest, {}, ['<id>']);
  const p = await client(ctx, values).get<CouncilPaper>(`/api/v1/council-papers/${encodeURIComponent(positionals[0]!)}`);
  print(ctx, values, p, () => [
    ...fields([
      ['Vorlage', p.number],
      ['ID', p.id],
      ['Titel', p.title],
      ['Art', p.paperType],
      ['Status', p.status],
      ['Datum', date(p.paperDate)],
      ['Federführung', p.leadDepartmentName],
      ['Öffentlich', p.isPublic ? 'ja' : 'nein'],
      ['Kosten', euro(p.costCents)],
    ]),
    '',
    'Beratungsfolge',
    ...table(p.consultations, [
      { header: 'Nr', value: (c) => String(c.position), align: 'right' },
      { header: 'Gremium', value: (c) => c.committeeName },
      { header: 'Sitzung', value: (c) => date(c.sessionDate) },
      { header: 'Rolle', value: (c) => c.role },
      { header: 'Ö/N', value: (c) => (c.isPublic ? 'Ö' : 'N') },
      { header: 'Ergebnis', value: (c) => c.outcome ?? '–' },
    ]),
  ]);
}
