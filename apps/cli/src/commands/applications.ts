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

/** The state of an application's workflow as `GET /applications/:id/workflow` answers it (the parts shown here). */
export interface ApplicationWorkflowState {
  workflowId: string;
  status: string;
  submittedOn: string | null;
  disbursedCents: number;
  nextDeadlines: Array<{ key: string; nominal: string; effective: string; reminders: Array<{ on: string; status: string }> }>;
  history: Array<{ from: string; to: string; on: string; by: string; reason: string }>;
}

/**
 * The steps an application is moved through (`POST /applications/:id/actions/<step>`) and the
 * options each takes, mapped to the body the api validates.
 */
const STEPS = {
  'request-sign-off': [],
  'sign-off': [],
  'start-council-consultation': ['paper'],
  submit: ['on'],
  'submit-interim-report': ['year', 'on'],
  'submit-proof-of-use': ['on'],
  'record-check': ['result', 'repayment-cents'],
  close: [],
  withdraw: ['reason'],
} as const satisfies Record<string, readonly StepOption[]>;
type StepOption = 'paper' | 'on' | 'year' | 'result' | 'repayment-cents' | 'reason';
type Step = keyof typeof STEPS;
const STEP_OPTIONS = {
  paper: { type: 'string' },
  on: { type: 'string' },
  year: { type: 'string' },
  result: { type: 'string' },
  'repayment-cents': { type: 'string' },
  reason: { type: 'string' },
} as const;
const BODY_FIELD: Record<StepOption, string> = { paper: 'paperId', on: 'submittedOn', year: 'year', result: 'result', 'repayment-cents': 'repaymentCents', reason: 'reason' };
const NUMERIC: ReadonlySet<StepOption> = new Set(['year', 'repayment-cents']);

/** The body of a step from its options; an option the step does not take is a usage error. */
export function stepBody(step: Step, values: Partial<Record<StepOption, string>>): Record<string, unknown> {
  const allowed: readonly StepOption[] = STEPS[step];
  const body: Record<string, unknown> = {};
  for (const option of Object.keys(STEP_OPTIONS) as StepOption[]) {
    const value = values[option];
    if (value === undefined) continue;
    if (!allowed.includes(option)) throw new UsageError(`applications step ${step}: --${option} does not belong to this step${allowed.length ? ` (it takes ${allowed.map((o) => `--${o}`).join(', ')})` : ''}`);
    if (NUMERIC.has(option) && !/^-?\d+$/.test(value)) throw new UsageError(`--${option} must be a whole number; got "${value}"`);
    body[BODY_FIELD[option]] = NUMERIC.has(option) ? Number(value) : value;
  }
  return body;
}

/** `applications list|show|create|amend|step|workflow` */
export async function applications(ctx: CommandContext): Promise<void> {
  const { name, rest } = action('applications', ctx.argv, ['list', 'show', 'create', 'amend', 'step', 'workflow']);
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
    case 'step': {
      const { values, positionals } = parse('applications step', rest, STEP_OPTIONS, ['<id>', '<step>']);
      const step = positionals[1]!;
      if (!Object.hasOwn(STEPS, step)) throw new UsageError(`applications step: unknown step "${step}" (${Object.keys(STEPS).join(', ')})`);
      const body = stepBody(step as Step, values);
      const state = await client(ctx, values).post<ApplicationWorkflowState>(`/api/v1/applications/${encodeURIComponent(positionals[0]!)}/actions/${step}`, body);
      print(ctx, values, state, () => [`Schritt ${step} ausgeführt: Status ${state.status}`, ...describeWorkflow(state)]);
      return;
    }
    case 'workflow': {
      const { values, positionals } = parse('applications workflow', rest, {}, ['<id>']);
      const state = await client(ctx, values).get<ApplicationWorkflowState>(`/api/v1/applications/${encodeURIComponent(positionals[0]!)}/workflow`);
      print(ctx, values, state, () => describeWorkflow(state));
      return;
    }
  }
}

function describeWorkflow(s: ApplicationWorkflowState): string[] {
  return [
    ...fields([
      ['Workflow', s.workflowId],
      ['Status', s.status],
      ['Eingereicht', date(s.submittedOn)],
      ['Ausgezahlt', euro(s.disbursedCents)],
    ]),
    '',
    'Nächste Fristen',
    ...table(s.nextDeadlines, [
      { header: 'Frist', value: (d) => d.key },
      { header: 'Fällig', value: (d) => date(d.nominal) },
      { header: 'Fristende', value: (d) => date(d.effective) },
      { header: 'Erinnerungen', value: (d) => d.reminders.map((r) => `${date(r.on)} (${r.status})`).join(', ') },
    ]),
    '',
    'Verlauf',
    ...table(s.history, [
      { header: 'Am', value: (h) => date(h.on) },
      { header: 'Von', value: (h) => h.from },
      { header: 'Nach', value: (h) => h.to },
      { header: 'Durch', value: (h) => h.by },
    ]),
  ];
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
