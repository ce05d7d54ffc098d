import { action, client, CommandContext, list, LIST_OPTIONS, parse, print, readJsonFile } from './context';
import { date, euro, fields, table } from '../output';
import { UsageError } from '../usage-error';

export interface ApplicationSummary {
  id: string;
  title: string;
  programmeName: string;
  leadDepartmentName: string;
  status: string;
  periodStart: string;
  periodEnd: string;
  currentRevision: number;
  costTotalCents: number;
}

export interface Application {
  id: string;
  title: string;
  description: string;
  programmeName: string;
  leadDepartmentName: string;
  status: string;
  periodStart: string;
  periodEnd: string;
  currentRevision: number;
  version: number;
  costPlan: Array<{ lineNo: number; category: string; label: string; fiscalYear: number | null; amountCents: number }>;
  financingPlan: Array<{ lineNo: number; source: string; label: string; amountCents: number }>;
  totals: { costCents: number; financingCents: number; ownCents: number; funderCents: number; thirdPartyCents: number };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `applications list|show|create|amend` */
export async function applications(ctx: CommandContext): Promise<void> {
  const { name, rest } = action('applications', ctx.argv, ['list', 'show', 'create', 'amend']);
  switch (name) {
    case 'list': {
      const { values } = parse('applications list', rest, { ...LIST_OPTIONS, status: { type: 'string' }, programme: { type: 'string' }, q: { type: 'string' } });
      if (values.programme !== undefined && !UUID.test(values.programme)) throw new UsageError(`--programme must be a programme id (uuid); got "${values.programme}"`);
      await list<ApplicationSummary>(ctx, values, '/api/v1/applications', { status: values.status, programmeId: values.programme, q: values.q }, [
        { header: 'ID', value: (a) => a.id },
        { header: 'Titel', value: (a) => a.title },
        { header: 'Status', value: (a) => a.status },
        { header: 'Laufzeit', value: (a) => `${date(a.periodStart)}–${date(a.periodEnd)}` },
        { header: 'Kosten', value: (a) => euro(a.costTotalCents), align: 'right' },
      ]);
      return;
    }
    case 'show': {
      const { values, positionals } = parse('applications show', rest, {}, ['<id>']);
      const app = await client(ctx, values).get<Application>(`/api/v1/applications/${encodeURIComponent(positionals[0]!)}`);
      print(ctx, values, app, () => describe(app));
      return;
    }
    case 'create': {
      const { values } = parse('applications create', rest, { file: { type: 'string' } });
      const body = await readJsonFile(values.file);
      const app = await client(ctx, values).post<Application>('/api/v1/applications', body);
      print(ctx, values, app, () => [`Antrag angelegt: ${app.id}`, ...describe(app)]);
      return;
    }
    case 'amend': {
      const { values, positionals } = parse('applications amend', rest, { file: { type: 'string' } }, ['<id>']);
      const body = await readJsonFile(values.file);
      const api = client(ctx, values);
      const path = `/api/v1/applications/${encodeURIComponent(positionals[0]!)}`;
      // without a version in the file: the one in force now (the api still refuses a concurrent change)
      if (body.version === undefined) body.version = (await api.get<Application>(path)).version;
      const app = await api.post<Application>(`${path}/amendments`, body);
      print(ctx, values, app, () => [`Änderungsantrag gespeichert: Revision ${app.currentRevision}`, ...describe(app)]);
      return;
    }
  }
}

function describe(a: Application): string[] {
  return [
    ...fields([
      ['ID', a.id],
      ['Titel', a.title],
      ['Programm', a.programmeName],
      ['Federführung', a.leadDepartmentName],
      ['Status', a.status],
      ['Laufzeit', `${date(a.periodStart)} – ${date(a.periodEnd)}`],
      ['Revision', String(a.currentRevision)],
      ['Gesamtkosten', euro(a.totals.costCents)],
      ['Zuwendung', euro(a.totals.funderCents)],
      ['Eigenanteil', euro(a.totals.ownCents)],
      ['Drittmittel', euro(a.totals.thirdPartyCents)],
    ]),
    '',
    'Kostenplan',
    ...table(a.costPlan, [
      { header: 'Nr', value: (l) => String(l.lineNo), align: 'right' },
      { header: 'Kategorie', value: (l) => l.category },
      { header: 'Bezeichnung', value: (l) => l.label },
      { header: 'Jahr', value: (l) => (l.fiscalYear === null ? '–' : String(l.fiscalYear)) },
      { header: 'Betrag', value: (l) => euro(l.amountCents), align: 'right' },
    ]),
    '',
    'Finanzierungsplan',
    ...table(a.financingPlan, [
      { header: 'Nr', value: (l) => String(l.lineNo), align: 'right' },
      { header: 'Quelle', value: (l) => l.source },
      { header: 'Bezeichnung', value: (l) => l.label },
      { header: 'Betrag', value: (l) => euro(l.amountCents), align: 'right' },
    ]),
  ];
}
