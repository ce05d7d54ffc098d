import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadDemoData, PEINE_POSITION_TITLE } from '@app/demo';
import { ApiClient, ApiFailure, ApiRequestError } from '../../apps/cli/src/api-client';
import { runCommand } from '../../apps/cli/src/commands';
import { exitStatus } from '../../apps/cli/src/main';
import { lastFinishedFiscalYear, writeDemoDocuments } from '../../apps/cli/src/start/demo-documents';
import { UsageError } from '../../apps/cli/src/usage-error';
import type { TestingModule } from '@nestjs/testing';
import { startApi, startWorker, testConfig } from '../support/apps';
import { createTestDatabase, TestDatabase } from '../support/database';
import { createTimeSkippingEnv } from '../support/temporal';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PEINE_USER = 'landkreis-peine/jugendamt';
const GERMAN_EURO = /\d{1,3}(\.\d{3})*,\d{2} €/;
const GERMAN_DATE = /\b\d{2}\.\d{2}\.\d{4}\b/;

/** A loopback port nobody listens on (just released). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The CLI's resource commands against the real api (on a loopback port) with the demo data: what
 * people read, what --json gives machines, files in and out, and how errors map to exit codes.
 */
describe('foerderwerk resource commands', () => {
  let db: TestDatabase;
  let env: TestWorkflowEnvironment;
  let api: NestFastifyApplication;
  let worker: TestingModule | undefined;
  let baseUrl: string;
  let dir: string;

  /** Runs a command the way main does, capturing stdout and stderr lines. */
  const run = async (argv: string[], extraEnv: NodeJS.ProcessEnv = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    await runCommand({ argv, env: { FOERDERWERK_API: baseUrl, FOERDERWERK_USER: PEINE_USER, ...extraEnv }, out: (l) => out.push(l), err: (l) => err.push(l) });
    return { out: out.join('\n'), err };
  };
  const runJson = async (argv: string[]): Promise<Json> => JSON.parse((await run([...argv, '--json'])).out);
  /** The api's own answer, for comparison. */
  const apiGet = async (p: string): Promise<Json> => {
    const res = await fetch(`${baseUrl}${p}`, { headers: { 'x-dev-user': PEINE_USER } });
    expect(res.status).toBe(200);
    return res.json() as Promise<Json>;
  };
  const failure = async (argv: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<unknown> => {
    try {
      await run(argv, extraEnv);
    } catch (error) {
      return error;
    }
    throw new Error(`expected "${argv.join(' ')}" to fail`);
  };
  const tempFile = async (name: string, content: string): Promise<string> => {
    const file = path.join(dir, name);
    await writeFile(file, content);
    return file;
  };

  let peineApplication: Json;
  /** A valid new application of Peine's programme (for create and step tests). */
  const body = () => ({
    programmeId: peineApplication.programmeId,
    leadDepartmentId: peineApplication.leadDepartmentId,
    title: 'Familienzentrum Vechelde (CLI)',
    periodStart: '2027-01-01',
    periodEnd: '2027-12-31',
    costPlan: [{ category: 'material', label: 'Sachkosten', amountCents: 1_000_000 }],
    financingPlan: [
      { source: 'funder', label: 'Zuwendung', amountCents: 500_000 },
      { source: 'own', label: 'Eigenmittel', amountCents: 500_000 },
    ],
  });

  beforeAll(async () => {
    [db, env] = await Promise.all([createTestDatabase(), createTimeSkippingEnv()]);
    await loadDemoData(db.dataSource);
    // the worker too: amendments and other steps of an application go through its workflow
    const config = testConfig(db.url, env, 'cli-commands-test');
    [api, worker] = await Promise.all([startApi(config, env), startWorker(config)]);
    await api.listen({ port: 0, host: '127.0.0.1' });
    const { port } = api.getHttpServer().address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
    dir = await mkdtemp(path.join(tmpdir(), 'fw-cli-'));
    const page = await apiGet('/api/v1/applications');
    expect(page.items).toHaveLength(1);
    peineApplication = await apiGet(`/api/v1/applications/${page.items[0].id}`);
  });
  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await env?.teardown();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  describe('lists and details for people', () => {
    it('programmes list', async () => {
      const { out } = await run(['programmes', 'list']);
      expect(out).toContain(peineApplication.programmeName);
      expect(out).toMatch(/^ID +Programm +Zuwendungsgeber/);
    });

    it("applications list and show: Peine's application with German money and dates", async () => {
      const list = await run(['applications', 'list', '--status', 'approved']);
      expect(list.out).toContain(peineApplication.title);
      expect(list.out).toMatch(GERMAN_EURO);
      expect(list.out).toMatch(GERMAN_DATE);
      const show = await run(['applications', 'show', peineApplication.id]);
      expect(show.out).toContain(peineApplication.title);
      expect(show.out).toContain(`Gesamtkosten: `);
      expect(show.out).toContain(peineApplication.costPlan[0].label);
      const [y, m, d] = peineApplication.periodStart.split('-');
      expect(show.out).toContain(`${d}.${m}.${y}`);
      const none = await run(['applications', 'list', '--q', 'gibt es nicht']);
      expect(none.out).toContain('(keine Einträge)');
    });

    it('positions list and show: the coordinator position', async () => {
      const list = await run(['positions', 'list']);
      expect(list.out).toContain(PEINE_POSITION_TITLE);
      const page = await apiGet('/api/v1/positions');
      const show = await run(['positions', 'show', page.items[0].id]);
      expect(show.out).toContain(PEINE_POSITION_TITLE);
      expect(show.out).toContain('Stufen');
    });

    it('council-papers list and show: Vorlage 2021/844 with its Beratungsfolge', async () => {
      const list = await run(['council-papers', 'list']);
      expect(list.out).toContain('2021/844');
      const page = await apiGet('/api/v1/council-papers');
      const paper = page.items.find((p: Json) => p.number === '2021/844');
      const show = await run(['council-papers', 'show', paper.id]);
      expect(show.out).toContain('Vorlage:');
      expect(show.out).toContain('Ausschuss für Gleichstellung, Arbeit und Soziales');
    });

    it('budget-lines list and summary, ledger list', async () => {
      const lines = await apiGet('/api/v1/budget-lines?limit=200');
      const year = lines.items[0].fiscalYear;
      const list = await run(['budget-lines', 'list', '--year', String(year)]);
      expect(list.out).toContain('3636 übrige Hilfen');
      expect(list.out).toMatch(GERMAN_EURO);
      const summary = await run(['budget-lines', 'summary', lines.items[0].id]);
      expect(summary.out).toMatch(/Ansatz: +\d/);
      expect(summary.out).toContain(`Jahr: `);
      const ledger = await run(['ledger', 'list', '--budget-line', lines.items[0].id, '--year', String(year)]);
      expect(ledger.out).toMatch(/\d+ Einträge?|\(keine Einträge\)/);
    });

    it('milestones list and deadlines: open ones, soonest first', async () => {
      const list = await run(['milestones', 'list', '--application', peineApplication.id]);
      expect(list.out).toContain('Steuerungsgruppe eingerichtet');
      const deadlines = await runJson(['deadlines', '--application', peineApplication.id]);
      expect(deadlines.items.length).toBeGreaterThan(0);
      for (const m of deadlines.items) expect(['open', 'overdue']).toContain(m.status);
      const due = deadlines.items.map((m: Json) => m.dueOn);
      expect(due).toEqual([...due].sort());
      const people = await run(['deadlines']);
      expect(people.out).toMatch(/^Fällig +Status +Meilenstein/);
    });
  });

  describe('--json and --all', () => {
    it('--json prints exactly what the api answers', async () => {
      expect(await runJson(['applications', 'list'])).toEqual(await apiGet('/api/v1/applications'));
      expect(await runJson(['applications', 'show', peineApplication.id])).toEqual(peineApplication);
      expect(await runJson(['positions', 'list'])).toEqual(await apiGet('/api/v1/positions'));
      expect(await runJson(['council-papers', 'list'])).toEqual(await apiGet('/api/v1/council-papers'));
      expect(await runJson(['milestones', 'list', '--status', 'open'])).toEqual(await apiGet('/api/v1/milestones?status=open&sort=dueOn'));
    });

    it('--all pages through the list, with progress on stderr for people and none with --json', async () => {
      const all = await apiGet('/api/v1/milestones?limit=200&sort=dueOn');
      expect(all.total).toBeGreaterThan(3);
      const people = await run(['milestones', 'list', '--all', '--limit', '3']);
      expect(people.err.length).toBe(Math.ceil(all.total / 3));
      expect(people.err.at(-1)).toBe(`… ${all.total}/${all.total}`);
      expect(people.out).toContain(`${all.total} Einträge`);
      const machine = await run(['milestones', 'list', '--all', '--limit', '3', '--json']);
      expect(machine.err).toEqual([]);
      const parsed = JSON.parse(machine.out);
      expect(parsed.total).toBe(all.total);
      expect(parsed.items.map((m: Json) => m.id)).toEqual(all.items.map((m: Json) => m.id));
    });
  });

  describe('applications create and amend from JSON files', () => {

    it('creates an application from a file', async () => {
      const file = await tempFile('app.json', JSON.stringify(body()));
      const created = await runJson(['applications', 'create', '--file', file]);
      expect(created.title).toBe('Familienzentrum Vechelde (CLI)');
      expect(created.totals.costCents).toBe(1_000_000);
      expect(await apiGet(`/api/v1/applications/${created.id}`)).toEqual(created);

    });

    it('amends an approved application from a file (the version in force when the file has none)', async () => {
      const costPlan = peineApplication.costPlan.map(({ lineNo: _n, ...l }: Json) => l);
      const financingPlan = peineApplication.financingPlan.map(({ lineNo: _n, ...l }: Json) => l);
      costPlan.push({ category: 'material', label: 'Druck Leitbild', amountCents: 50_000 });
      financingPlan.find((l: Json) => l.source === 'own').amountCents += 50_000;
      const file = await tempFile('amendment.json', JSON.stringify({ reason: 'Druckkosten Leitbild', costPlan, financingPlan }));
      const amended = await run(['applications', 'amend', peineApplication.id, '--file', file]);
      expect(amended.out).toContain(`Revision ${peineApplication.currentRevision + 1}`);
      expect(amended.out).toContain('Druck Leitbild');
      expect(amended.out).toContain('500,00 €');
      const after = await apiGet(`/api/v1/applications/${peineApplication.id}`);
      expect(after.totals.costCents).toBe(peineApplication.totals.costCents + 50_000);
    });

    it("an invalid application: the api's problems, field by field, exit code 2", async () => {
      const { title: _title, ...withoutTitle } = body();
      const file = await tempFile('invalid.json', JSON.stringify(withoutTitle));
      const error = await failure(['applications', 'create', '--file', file]);
      expect(error).toBeInstanceOf(ApiRequestError);
      const status = exitStatus(error);
      expect(status.code).toBe(2);
      expect(status.lines.slice(1).some((l) => /^title: /.test(l))).toBe(true);
    });

    it('unreadable, non-JSON and non-mapping YAML files are usage errors naming the problem', async () => {
      const missing = await failure(['applications', 'create', '--file', path.join(dir, 'nope.json')]);
      expect(missing).toBeInstanceOf(UsageError);
      expect((missing as Error).message).toMatch(/cannot read .*nope\.json: ENOENT/);
      const broken = await failure(['applications', 'create', '--file', await tempFile('broken.json', '{"title": ')]);
      expect((broken as Error).message).toMatch(/broken\.json is not valid JSON/);
      const array = await failure(['applications', 'create', '--file', await tempFile('array.json', '[]')]);
      expect((array as Error).message).toMatch(/must hold a JSON object/);
      // YAML is read since the simulation work (test/cli/yaml-input.int.spec.ts); a YAML list is no application
      const yaml = await failure(['applications', 'create', '--file', await tempFile('app.yaml', '- title: x')]);
      expect((yaml as Error).message).toMatch(/app\.yaml must hold a YAML mapping/);
      const noFile = await failure(['applications', 'create']);
      expect((noFile as Error).message).toMatch(/--file <file.json> is required/);
      for (const e of [missing, broken, array, yaml, noFile]) expect(exitStatus(e).code).toBe(2);
    });
  });

  describe('applications step and workflow: moving an application through its workflow', () => {
    /** Yesterday (UTC): a submission date that is never in the workflow's future. */
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

    it('request-sign-off, sign-off and submit, each answered with the workflow state; workflow shows history and status', async () => {
      const file = await tempFile('stepped.json', JSON.stringify({ ...body(), title: 'Elternbegleitung Ilsede (CLI)' }));
      const created = await runJson(['applications', 'create', '--file', file]);
      const requested = await runJson(['applications', 'step', created.id, 'request-sign-off']);
      expect(requested.status).toBe('internal_review');
      // the sign-off (Mitzeichnung) is the department head's
      const signed = await runJson(['applications', 'step', created.id, 'sign-off', '--user', 'landkreis-peine/fachdienstleitung']);
      expect(signed.status).toBe('internal_review'); // signed off; no council decision needed, so next is the submission
      expect(signed.signedOff.by).toMatch(/^user:/);
      const submitted = await run(['applications', 'step', created.id, 'submit', '--on', yesterday]);
      expect(submitted.out).toContain('Schritt submit ausgeführt: Status submitted');
      const shown = await run(['applications', 'workflow', created.id]);
      expect(shown.out).toContain(`application-${created.id}`);
      expect(shown.out).toMatch(/internal_review\s+submitted/);
      expect((await apiGet(`/api/v1/applications/${created.id}`)).status).toBe('submitted');
    });

    it('a step the workflow refuses is the api\'s 409 with the reason: exit code 2, nothing changed', async () => {
      const file = await tempFile('refused.json', JSON.stringify({ ...body(), title: 'Kita-Sozialarbeit Lengede (CLI)' }));
      const created = await runJson(['applications', 'create', '--file', file]);
      const error = await failure(['applications', 'step', created.id, 'close']);
      expect(error).toBeInstanceOf(ApiRequestError);
      expect((error as ApiRequestError).status).toBe(409);
      expect(exitStatus(error).code).toBe(2);
      expect((await apiGet(`/api/v1/applications/${created.id}`)).status).toBe('draft');
    });

    it('an unknown step, an option of another step and a non-numeric year are usage errors', async () => {
      const id = peineApplication.id;
      expect(String(await failure(['applications', 'step', id, 'approve']))).toContain('unknown step "approve"');
      expect(String(await failure(['applications', 'step', id, 'close', '--reason', 'x']))).toContain('--reason does not belong to this step');
      expect(String(await failure(['applications', 'step', id, 'submit-interim-report', '--year', 'zwei']))).toContain('--year must be a whole number');
      expect(await failure(['applications', 'step', id])).toBeInstanceOf(UsageError);
    });
  });

  describe('documents', () => {
    it('generates the PDF of Vorlage 2021/844 and downloads it with a verified SHA-256', async () => {
      const papers = await apiGet('/api/v1/council-papers');
      const paper = papers.items.find((p: Json) => p.number === '2021/844');
      const doc = await runJson(['documents', 'generate', 'council-paper', paper.id]);
      expect(doc.fileName).toMatch(/\.pdf$/);
      const out = path.join(dir, 'vorlage.pdf');
      const download = await run(['documents', 'download', doc.id, '--out', out]);
      expect(download.out).toContain('(geprüft)');
      const bytes = await readFile(out);
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(doc.sha256);
    });

    it('refuses to write a download whose SHA-256 does not match its ETag', async () => {
      const fakeFetch = (async () => new Response(Buffer.from('%PDF-damaged'), { status: 200, headers: { etag: `"${'0'.repeat(64)}"` } })) as typeof fetch;
      const file = await new ApiClient({ baseUrl, fetch: fakeFetch }).download('/api/v1/documents/x/content');
      expect(file.etag).not.toBe(file.sha256);
      // the command's check, through a real server answer whose ETag is right, is covered above; here the mismatch:
      const out = path.join(dir, 'damaged.pdf');
      const original = globalThis.fetch;
      globalThis.fetch = fakeFetch;
      try {
        const error = await failure(['documents', 'download', 'x', '--out', out]);
        expect(error).toBeInstanceOf(ApiFailure);
        expect((error as Error).message).toMatch(/damaged.*nothing written/);
        expect(exitStatus(error).code).toBe(1);
      } finally {
        globalThis.fetch = original;
      }
      await expect(readFile(out)).rejects.toThrow(/ENOENT/);
    });
  });

  describe('errors and exit codes', () => {
    it.each([
      [['nonsense'], /unknown command "nonsense"/],
      [['applications'], /applications: an action is required/],
      [['applications', 'delete'], /unknown action "delete"/],
      [['applications', 'show'], /applications show: missing <id>/],
      [['applications', 'show', 'a', 'b'], /unexpected argument "b"/],
      [['applications', 'list', '--colour'], /applications list: Unknown option '--colour'/],
      [['applications', 'list', '--limit', 'viele'], /--limit must be a whole number/],
      [['applications', 'list', '--programme', 'peine'], /--programme must be a programme id/],
      [['budget-lines', 'list', '--year', '20x6'], /--year must be a whole number/],
      [['documents', 'generate', 'letter', 'x'], /unknown kind "letter"/],
      [['documents', 'download', 'x'], /--out <file> is required/],
      [['programmes', 'list', '--user', 'nobody'], /--user must be <org-slug>\/<subject>/],
      [['programmes', 'list', '--api', 'ftp://x'], /--api: not an http\(s\) URL/],
    ])('%j is a usage error (exit code 2)', async (argv, message) => {
      const error = await failure(argv);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
      expect(exitStatus(error).code).toBe(2);
    });

    it('an unknown id is the api\'s 404: exit code 2 with its message', async () => {
      const error = await failure(['applications', 'show', '00000000-0000-4000-8000-000000000000']);
      expect(error).toBeInstanceOf(ApiRequestError);
      expect((error as ApiRequestError).status).toBe(404);
      expect(exitStatus(error)).toEqual({ code: 2, lines: [expect.stringContaining('(HTTP 404)')] });
    });

    it('a bad filter value comes back as field: reason', async () => {
      const error = await failure(['applications', 'list', '--status', 'vielleicht']);
      expect(exitStatus(error).code).toBe(2);
      expect(exitStatus(error).lines.slice(1).some((l) => l.startsWith('status: '))).toBe(true);
    });

    it('without a user the api refuses (401): exit code 2', async () => {
      const error = await failure(['programmes', 'list'], { FOERDERWERK_USER: undefined });
      expect(error).toBeInstanceOf(ApiRequestError);
      expect((error as ApiRequestError).status).toBe(401);
    });

    it('an unreachable api is exit code 1, naming the address', async () => {
      const port = await freePort();
      const error = await failure(['programmes', 'list', '--api', `http://127.0.0.1:${port}`]);
      expect(error).toBeInstanceOf(ApiFailure);
      expect((error as Error).message).toBe(`cannot reach the api at http://127.0.0.1:${port}: ECONNREFUSED`);
      expect(exitStatus(error).code).toBe(1);
    });

    it("a 500 is exit code 1 with the api's error id", async () => {
      const body = { statusCode: 500, error: 'internal_error', message: 'internal error, id 4711', errorId: '4711' };
      const fakeFetch = (async () => new Response(JSON.stringify(body), { status: 500, headers: { 'content-type': 'application/json' } })) as typeof fetch;
      const error = await new ApiClient({ baseUrl, fetch: fakeFetch }).get('/api/v1/programmes').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiFailure);
      expect((error as ApiFailure).errorId).toBe('4711');
      expect(exitStatus(error)).toEqual({ code: 1, lines: [expect.stringMatching(/HTTP 500.*error id 4711/)] });
    });

    it('unexpected errors are exit code 1', () => {
      expect(exitStatus(new Error('boom'))).toEqual({ code: 1, lines: ['boom'] });
    });
  });

  describe("the start command's demo documents", () => {
    const kinds = ['council_paper_pdf', 'interim_report_pdf', 'finance_workbook_xlsx'];
    const stored = async (user: string): Promise<Json[]> => {
      const res = await fetch(`${baseUrl}/api/v1/documents?limit=100`, { headers: { 'x-dev-user': user } });
      expect(((await res.clone().json()) as Json).total).toBeLessThanOrEqual(100);
      expect(res.status).toBe(200);
      return ((await res.json()) as Json).items.filter((d: Json) => kinds.includes(d.kind));
    };

    it('the Zwischennachweis is of the last fiscal year that has ended inside the period', () => {
      expect(lastFinishedFiscalYear('2025-01-01', '2027-03-31', new Date('2026-11-26T12:00:00Z'))).toBe(2025);
      expect(lastFinishedFiscalYear('2025-01-01', '2027-03-31', new Date('2030-01-02T12:00:00Z'))).toBe(2027);
      expect(lastFinishedFiscalYear('2025-01-01', '2027-03-31', new Date('2025-06-30T12:00:00Z'))).toBeNull();
    });

    it('council paper, Zwischennachweis and Finanzübersicht: generated through the api, written as files, found (not generated again) on the next start', async () => {
      const papers = await apiGet('/api/v1/council-papers');
      const ids = { applicationId: peineApplication.id, councilPaperId: papers.items.find((p: Json) => p.number === '2021/844').id };
      const folder = path.join(dir, 'demo-documents');
      const today = new Date('2026-11-26T12:00:00Z');

      const first = await writeDemoDocuments(baseUrl, ids, folder, today);
      expect(first.map((d) => [d.label, d.problem])).toEqual([
        ['Vorlage 2021/844 (Informationsvorlage)', undefined],
        ['Zwischennachweis 2025', undefined],
        ['Finanzübersicht 2026', undefined],
      ]);
      const docs = await stored(PEINE_USER); // the organisation's documents, whoever generated them
      for (const [i, kind] of kinds.entries()) {
        const newest = docs.filter((d) => d.kind === kind).sort((a, b) => b.version - a.version)[0];
        expect(first[i].file).toBe(newest.fileName);
        const bytes = await readFile(path.join(folder, newest.fileName));
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(newest.sha256);
        expect(bytes.subarray(0, 4).toString('latin1')).toBe(kind.endsWith('_pdf') ? '%PDF' : 'PK\u0003\u0004');
      }

      const again = await writeDemoDocuments(baseUrl, ids, folder, today);
      expect(again.map((d) => [d.file, d.generated])).toEqual(first.map((d) => [d.file, false]));
      const after = await stored(PEINE_USER);
      expect(after.map((d) => d.id).sort()).toEqual(docs.map((d) => d.id).sort());
    });
  });
});
