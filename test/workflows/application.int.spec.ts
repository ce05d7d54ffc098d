import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { MockActivityEnvironment, TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { addDays, HOLIDAY_RULES_NIEDERSACHSEN, interimReportDueDates, proofOfUseDueDate } from '@app/calendar';
import { workflowIds } from '@app/workflows/names';
import { InMemoryApplicationActivities } from '@app/workflows/application/activities.fixture';
import type { ApplicationActivities } from '@app/workflows/application/activities';
import type { ApplicationWorkflowInput } from '@app/workflows/application/model';
import {
  amendUpdate,
  applicationStateQuery,
  closeUpdate,
  councilDecisionSignal,
  recordCheckUpdate,
  recordDisbursementUpdate,
  recordNoticeUpdate,
  requestSignOffUpdate,
  signOffUpdate,
  startCouncilConsultationUpdate,
  submitInterimReportUpdate,
  submitProofOfUseUpdate,
  submitToFunderUpdate,
  withdrawUpdate,
  type ApplicationState,
  type CouncilDecision,
} from '@app/workflows/application/signals';
import type { applicationWorkflow } from '@app/workflows/application/workflow';
import { createApplicationActivities } from '../../apps/worker/src/activities/application.activities';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createFundingApplication, createOrganisation } from '../support/factories';
import { createTimeSkippingEnv, workflowBundle } from '../support/temporal';

/**
 * The application workflow on the real time-skipping test server with in-memory activities;
 * then the PostgreSQL activities on a real database.
 *
 * Time: the test server's clock starts at the real "now" and skips only while the test awaits a
 * result or `env.sleep()` runs (see milestone.int.spec.ts). The programme period (in the first
 * test derived from the server's year: 2025-01-01..2027-12-31 in 2026) has therefore begun before
 * the notice is recorded: deadlines whose reminder days lie before "now" are skipped, an overdue
 * one is escalated at once.
 */
describe('applicationWorkflow (time-skipping test server)', () => {
  let env: TestWorkflowEnvironment;
  beforeEach(async () => {
    env = await createTimeSkippingEnv();
  });
  afterEach(() => env?.teardown());

  const ORG = 'org-landkreis-peine';
  const OWNER = 'user:netzwerkkoordination';
  const HEAD = 'user:fachdienstleitung-jugend';

  function input(id: string, needsCouncilDecision = true): ApplicationWorkflowInput {
    return {
      applicationId: id,
      organisationId: ORG,
      title: 'Präventionskette Peine',
      owner: OWNER,
      escalateTo: HEAD,
      programme: { needsCouncilDecision, reminderDaysBefore: [28, 7], escalationDaysAfterDue: 7 },
      holidayRules: HOLIDAY_RULES_NIEDERSACHSEN,
    };
  }

  async function withWorker<T>(name: string, fake: InMemoryApplicationActivities, fn: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = `application-test-${name}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: workflowBundle(), activities: fake.activities() });
    return worker.runUntil(fn(taskQueue));
  }

  async function start(taskQueue: string, id: string, needsCouncilDecision = true): Promise<WorkflowHandle<typeof applicationWorkflow>> {
    return env.client.workflow.start<typeof applicationWorkflow>('applicationWorkflow', { taskQueue, workflowId: workflowIds.application(id), args: [input(id, needsCouncilDecision)] });
  }

  async function advanceTo(iso: string): Promise<void> {
    const target = Date.parse(iso);
    const now = await env.currentTimeMs();
    expect(target).toBeGreaterThan(now);
    await env.sleep(target - now);
  }

  async function eventually<T>(probe: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const value = await probe();
      if (ok(value)) return value;
      if (Date.now() > deadline) throw new Error(`condition not reached; last value: ${JSON.stringify(value)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async function serverToday(): Promise<string> {
    return new Date(await env.currentTimeMs()).toISOString().slice(0, 10);
  }

  async function rejectionOf(update: Promise<unknown>): Promise<string> {
    const err = await update.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (err as WorkflowUpdateFailedError).cause as { name: string; type?: string; message: string };
    expect(cause).toMatchObject({ name: 'ApplicationFailure', type: 'ApplicationUpdateRejected' });
    return cause.message;
  }

  const decision = (id: string, paperId: string, result: CouncilDecision['result'], concludedOn: string): CouncilDecision => ({
    paperId,
    paperNumber: '2026/117',
    organisationId: ORG,
    applicationId: id,
    result,
    decidedBy: result === 'consulted' ? null : { position: 2, committeeId: 'kt', committeeName: 'Kreistag' },
    concludedOn,
    text: result === 'approved' ? 'einstimmig beschlossen' : 'abgelehnt',
    consultations: [],
    sentBy: `workflow:council-paper-${paperId}`,
  });

  it('runs a whole three-year programme: sign-off, council, notice, deadlines, reminders, proof of use, close', async () => {
    // The story is told relative to the year B of the test server's clock (it starts at the real
    // today): the period runs from 01.01. of B−1 to 31.12. of B+1 (B = 2026: 2025-01-01..2027-12-31),
    // so the B−1 interim report is overdue and escalated at once and the B one lies ahead. Before
    // 10.05. (the escalation of the B−1 report lies on 09.05. at the latest) the clock moves to 10.05.
    const serverNow = await env.currentTimeMs();
    const B = new Date(serverNow).getUTCFullYear();
    if (serverNow < Date.parse(`${B}-05-10T00:00:00Z`)) await env.sleep(Date.parse(`${B}-05-10T00:00:00Z`) - serverNow);
    const [y0, y1, y2, y3] = [B - 1, B, B + 1, B + 2];
    // What the calendar lib says: interim reports only for the fiscal years whose 31.12. lies
    // before the end of the period (B−1, B); B+1 is covered by the proof of use.
    expect(interimReportDueDates(`${y0}-01-01`, `${y2}-12-31`).map((r) => [r.fiscalYear, r.due.nominal])).toEqual([
      [y0, `${y1}-04-30`],
      [y1, `${y2}-04-30`],
    ]);
    expect(proofOfUseDueDate(`${y2}-12-31`).nominal).toBe(`${y3}-06-30`);

    const interimDue = interimReportDueDates(`${y0}-01-01`, `${y2}-12-31`, { holidays: HOLIDAY_RULES_NIEDERSACHSEN });
    const proofDue = proofOfUseDueDate(`${y2}-12-31`, { holidays: HOLIDAY_RULES_NIEDERSACHSEN });
    // in years where 30.06. falls on a weekend the reminder names the next working day
    const shift = proofDue.effective === proofDue.nominal ? '' : ` Da der 30.06.${y3} kein Werktag ist, endet die Frist am ${proofDue.effective.split('-').reverse().join('.')} (§ 31 Abs. 3 VwVfG).`;

    const fake = new InMemoryApplicationActivities();
    const final = await withWorker('lifecycle', fake, async (taskQueue) => {
      const h = await start(taskQueue, 'app-1');
      expect(h.workflowId).toBe('application-app-1');
      const query = () => h.query(applicationStateQuery);
      const today = await serverToday();

      await h.executeUpdate(requestSignOffUpdate, { args: [{ by: 'user:sachbearbeitung' }] });
      await h.executeUpdate(signOffUpdate, { args: [{ by: HEAD }] });
      expect(await rejectionOf(h.executeUpdate(submitToFunderUpdate, { args: [{ submittedOn: today }] }))).toBe(
        'submitToFunder: the programme needs a council decision first (startCouncilConsultation)',
      );
      await h.executeUpdate(startCouncilConsultationUpdate, { args: [{ paperId: 'paper-1' }] });
      expect(await rejectionOf(h.executeUpdate(submitToFunderUpdate, { args: [{ submittedOn: today }] }))).toBe('submitToFunder: the council has not approved paper paper-1 yet');

      await h.signal(councilDecisionSignal, decision('app-1', 'paper-1', 'approved', today));
      await eventually(query, (s) => s.council?.result === 'approved');
      await h.signal(councilDecisionSignal, decision('app-1', 'paper-1', 'rejected', today)); // a repeat: no-op
      await eventually(query, (s) => s.notes.length === 2);
      expect((await query()).status).toBe('council_consultation');

      await h.executeUpdate(submitToFunderUpdate, { args: [{ submittedOn: today }] });
      const noticed = await h.executeUpdate(recordNoticeUpdate, {
        args: [{ decision: 'approved', approvedCents: 36_000_000, periodStart: `${y0}-01-01`, periodEnd: `${y2}-12-31`, issuedOn: today }],
      });
      expect(noticed.status).toBe('approved');
      expect(noticed.periodEndedOn).toBe(`${y3}-01-01`);
      expect(noticed.deadlines.map((d) => ({ key: d.key, nominal: d.nominal, effective: d.effective, reminders: d.reminders, escalation: d.escalation }))).toEqual([
        {
          key: `interim-${y0}`,
          nominal: `${y1}-04-30`,
          effective: interimDue[0].due.effective,
          reminders: [
            { daysBefore: 28, on: `${y1}-04-02`, status: 'skipped' },
            { daysBefore: 7, on: `${y1}-04-23`, status: 'skipped' },
          ],
          escalation: { on: addDays(interimDue[0].due.effective, 7), sentOn: null },
        },
        {
          key: `interim-${y1}`,
          nominal: `${y2}-04-30`,
          effective: interimDue[1].due.effective,
          reminders: [
            { daysBefore: 28, on: `${y2}-04-02`, status: 'pending' },
            { daysBefore: 7, on: `${y2}-04-23`, status: 'pending' },
          ],
          escalation: { on: addDays(interimDue[1].due.effective, 7), sentOn: null },
        },
        {
          key: 'proof-of-use',
          nominal: `${y3}-06-30`,
          effective: proofDue.effective,
          reminders: [
            { daysBefore: 28, on: `${y3}-06-02`, status: 'pending' },
            { daysBefore: 7, on: `${y3}-06-23`, status: 'pending' },
          ],
          escalation: { on: addDays(proofDue.effective, 7), sentOn: null },
        },
      ]);

      // The y0 interim report was due on 30.04.2026 and is overdue: escalated at once.
      const escalated = await eventually(query, (s) => s.deadlines[0].escalation.sentOn !== null);
      expect(escalated.remindersSent).toEqual([
        { dedupKey: `application:app-1:interim-${y0}:escalation:${y1}-04-30`, kind: 'application.escalation', deadline: `interim-${y0}`, dueOn: `${y1}-04-30`, sentOn: today },
      ]);
      expect(fake.notifications.get(`application:app-1:interim-${y0}:escalation:${y1}-04-30`)).toMatchObject({ recipient: HEAD, kind: 'application.escalation' });

      await h.executeUpdate(recordDisbursementUpdate, { args: [{ amountCents: 12_000_000, receivedOn: today }] });
      expect(await rejectionOf(h.executeUpdate(recordDisbursementUpdate, { args: [{ amountCents: 24_000_001, receivedOn: today }] }))).toBe(
        'recordDisbursement: 24000001 cents would bring the disbursed total to 36000001, above the approved 36000000',
      );
      expect(await rejectionOf(h.executeUpdate(submitInterimReportUpdate, { args: [{ year: y2, submittedOn: today }] }))).toBe(
        `submitInterimReport: no interim report is due for ${y2} (due for: ${y0}, ${y1})`,
      );
      const reported = await h.executeUpdate(submitInterimReportUpdate, { args: [{ year: y0, submittedOn: today }] });
      expect(reported.status).toBe('reporting');
      await h.executeUpdate(amendUpdate, { args: [{ reason: 'Änderungsantrag: Umschichtung Sachkosten', by: 'user:sachbearbeitung' }] });

      // y1 interim report: reminders 28 and 7 days before the nominal date, to the minute.
      await advanceTo(`${y2}-04-02T05:59:00Z`);
      expect(fake.notifications.size).toBe(1);
      await advanceTo(`${y2}-04-02T06:00:30Z`);
      await eventually(query, (s) => s.remindersSent.length === 2);
      await advanceTo(`${y2}-04-23T06:00:30Z`);
      await eventually(query, (s) => s.remindersSent.length === 3);
      await h.executeUpdate(recordDisbursementUpdate, { args: [{ amountCents: 12_000_000, receivedOn: `${y2}-04-23` }] });
      await h.executeUpdate(submitInterimReportUpdate, { args: [{ year: y1, submittedOn: `${y2}-04-23` }] });

      // The period ends on 31.12.2027: from 01.01.2028 06:00 UTC the proof of use is due.
      await advanceTo(`${y3}-01-01T05:59:00Z`);
      expect((await query()).status).toBe('reporting');
      await advanceTo(`${y3}-01-01T06:00:30Z`);
      await eventually(query, (s) => s.status === 'proof_of_use_due');

      await advanceTo(`${y3}-06-02T06:00:30Z`);
      await eventually(query, (s) => s.remindersSent.length === 4);
      await advanceTo(`${y3}-06-23T06:00:30Z`);
      await eventually(query, (s) => s.remindersSent.length === 5);
      expect((await query()).remindersSent.map((r) => [r.dedupKey, r.sentOn])).toEqual([
        [`application:app-1:interim-${y0}:escalation:${y1}-04-30`, today],
        [`application:app-1:interim-${y1}:reminder:${y2}-04-30:28d`, `${y2}-04-02`],
        [`application:app-1:interim-${y1}:reminder:${y2}-04-30:7d`, `${y2}-04-23`],
        [`application:app-1:proof-of-use:reminder:${y3}-06-30:28d`, `${y3}-06-02`],
        [`application:app-1:proof-of-use:reminder:${y3}-06-30:7d`, `${y3}-06-23`],
      ]);
      expect(fake.notifications.get(`application:app-1:proof-of-use:reminder:${y3}-06-30:7d`)).toEqual({
        dedupKey: `application:app-1:proof-of-use:reminder:${y3}-06-30:7d`,
        actor: 'workflow:application-app-1',
        organisationId: ORG,
        recipient: OWNER,
        kind: 'application.reminder',
        subject: `Verwendungsnachweis für „Präventionskette Peine“ ist am 30.06.${y3} fällig`,
        body: `Erinnerung 7 Tage vor Fälligkeit: Der Verwendungsnachweis für „Präventionskette Peine“ ist am 30.06.${y3} fällig.${shift}`,
        dueOn: `${y3}-06-30`,
      });

      await h.executeUpdate(submitProofOfUseUpdate, { args: [{ submittedOn: `${y3}-06-23` }] });
      await h.executeUpdate(recordCheckUpdate, { args: [{ result: 'ok', by: 'user:pruefung' }] });
      await h.executeUpdate(closeUpdate, { args: [{}] });
      return h.result();
    });

    expect(final.status).toBe('closed');
    expect(final.amendmentCount).toBe(1);
    expect(final.disbursedCents).toBe(24_000_000);
    expect(final.history.map((t) => [t.from, t.to, t.on])).toEqual([
      ['draft', 'internal_review', expect.any(String)],
      ['internal_review', 'council_consultation', expect.any(String)],
      ['council_consultation', 'submitted', expect.any(String)],
      ['submitted', 'approved', expect.any(String)],
      ['approved', 'disbursing', expect.any(String)],
      ['disbursing', 'reporting', expect.any(String)],
      ['reporting', 'proof_of_use_due', `${y3}-01-01`],
      ['proof_of_use_due', 'proof_submitted', `${y3}-06-23`],
      ['proof_submitted', 'checked', `${y3}-06-23`],
      ['checked', 'closed', `${y3}-06-23`],
    ]);
    expect(fake.row).toEqual({ status: 'closed', version: 11 });
    expect(fake.calls.every((c) => c.attempt === 1 && c.effective)).toBe(true);
    expect(fake.audit.filter((a) => a.action === 'application.status_changed')).toHaveLength(10);
    // the documents of the steps: the Förderantrag with the submission, a Zwischennachweis per
    // interim report, the Verwendungsnachweis (Sachbericht, zahlenmäßiger Nachweis PDF and XLSX)
    const requested = fake.callsOf('generateDocument').map((c) => (c.input as { document: { kind: string; fiscalYear?: number } }).document);
    expect(requested).toEqual([
      { kind: 'application-form', applicationId: 'app-1' },
      { kind: 'interim-report', applicationId: 'app-1', fiscalYear: Number(y0) },
      { kind: 'interim-report', applicationId: 'app-1', fiscalYear: Number(y1) },
      { kind: 'proof-of-use-report', applicationId: 'app-1' },
      { kind: 'proof-of-use-statement', applicationId: 'app-1' },
      { kind: 'proof-of-use-statement-xlsx', applicationId: 'app-1' },
    ]);
    expect(final.documents?.map((d) => [d.request.kind, d.status, d.documentId])).toEqual([
      ['application-form', 'stored', 'doc-1'],
      ['interim-report', 'stored', 'doc-2'],
      ['interim-report', 'stored', 'doc-3'],
      ['proof-of-use-report', 'stored', 'doc-4'],
      ['proof-of-use-statement', 'stored', 'doc-5'],
      ['proof-of-use-statement-xlsx', 'stored', 'doc-6'],
    ]);
    expect(new Set(final.documents?.map((d) => d.key)).size).toBe(6);
    expect(final.documents?.[1]!.key).toMatch(new RegExp(`^application:app-1:interim-report:${y0}:`));
  });

  it('notes a document the data does not allow, without retrying it, and goes on', async () => {
    const fake = new InMemoryApplicationActivities();
    fake.impossibleDocuments.add('application-form');
    const final = await withWorker('document-refused', fake, async (taskQueue) => {
      const h = await start(taskQueue, 'app-doc', false);
      const today = await serverToday();
      await h.executeUpdate(requestSignOffUpdate, { args: [{}] });
      await h.executeUpdate(signOffUpdate, { args: [{ by: HEAD }] });
      await h.executeUpdate(submitToFunderUpdate, { args: [{ submittedOn: today }] });
      const settled = await eventually(
        () => h.query(applicationStateQuery),
        (s) => s.documents?.[0]?.status === 'failed',
      );
      expect(settled.status).toBe('submitted');
      await h.executeUpdate(withdrawUpdate, { args: [{ reason: 'Programm eingestellt', by: OWNER }] });
      return h.result();
    });
    expect(fake.callsOf('generateDocument')).toHaveLength(1); // non-retryable: one attempt
    expect(final.documents).toEqual([expect.objectContaining({ status: 'failed', documentId: null, error: 'application-form: not possible with this data' })]);
    expect(final.notes.map((n) => n.text)).toContainEqual(expect.stringContaining('nicht erzeugt: application-form: not possible with this data'));
    expect(final.status).toBe('withdrawn');
  });

  it('goes back to draft when the council rejects; skips the council when the programme needs none', async () => {
    const fake = new InMemoryApplicationActivities();
    await withWorker('council-rejected', fake, async (taskQueue) => {
      const h = await start(taskQueue, 'app-2');
      const today = await serverToday();
      await h.executeUpdate(requestSignOffUpdate, { args: [{}] });
      await h.executeUpdate(signOffUpdate, { args: [{ by: HEAD }] });
      await h.executeUpdate(startCouncilConsultationUpdate, { args: [{ paperId: 'paper-2' }] });
      await h.signal(councilDecisionSignal, decision('app-2', 'paper-2', 'rejected', today));
      const s = await eventually(
        () => h.query(applicationStateQuery),
        (x) => x.status === 'draft',
      );
      expect(s.signedOff).toBeNull();
      expect(s.notes.map((n) => n.text)).toEqual([`Vorlage 2026/117 (paper-2): rejected on ${today.split('-').reverse().join('.')} („abgelehnt“); back to draft, a new sign-off is needed`]);
      expect(s.history.at(-1)).toMatchObject({ from: 'council_consultation', to: 'draft', by: 'workflow:council-paper-paper-2' });
      await h.executeUpdate(withdrawUpdate, { args: [{ reason: 'Kein Beschluss' }] });
      expect((await h.result()).status).toBe('withdrawn');
    });

    const fake2 = new InMemoryApplicationActivities();
    await withWorker('no-council', fake2, async (taskQueue) => {
      const h = await start(taskQueue, 'app-3', false);
      const today = await serverToday();
      await h.executeUpdate(requestSignOffUpdate, { args: [{}] });
      expect(await rejectionOf(h.executeUpdate(submitToFunderUpdate, { args: [{ submittedOn: today }] }))).toBe('submitToFunder: the department head has not signed off yet');
      await h.executeUpdate(signOffUpdate, { args: [{ by: HEAD }] });
      await h.executeUpdate(submitToFunderUpdate, { args: [{ submittedOn: today }] });
      await h.executeUpdate(recordNoticeUpdate, { args: [{ decision: 'rejected', approvedCents: 0, periodStart: '2027-01-01', periodEnd: '2029-12-31', issuedOn: today }] });
      const r = await h.result();
      expect(r.status).toBe('rejected');
      expect(r.deadlines).toEqual([]);
    });
    expect(fake2.row.status).toBe('rejected');
  });

  it('is withdrawn from several states (draft, internal_review, council_consultation, disbursing)', async () => {
    for (const [id, steps] of [
      ['w-draft', 0],
      ['w-review', 1],
      ['w-council', 2],
      ['w-disbursing', 3],
    ] as const) {
      const fake = new InMemoryApplicationActivities();
      const result = await withWorker(id, fake, async (taskQueue) => {
        const h = await start(taskQueue, id);
        const today = await serverToday();
        if (steps >= 1) await h.executeUpdate(requestSignOffUpdate, { args: [{}] });
        if (steps >= 2) {
          await h.executeUpdate(signOffUpdate, { args: [{ by: HEAD }] });
          await h.executeUpdate(startCouncilConsultationUpdate, { args: [{ paperId: `paper-${id}` }] });
        }
        if (steps >= 3) {
          await h.signal(councilDecisionSignal, decision(id, `paper-${id}`, 'approved', today));
          await eventually(
            () => h.query(applicationStateQuery),
            (s) => s.council?.result === 'approved',
          );
          await h.executeUpdate(submitToFunderUpdate, { args: [{ submittedOn: today }] });
          await h.executeUpdate(recordNoticeUpdate, { args: [{ decision: 'partly_approved', approvedCents: 1_000_000, periodStart: '2029-01-01', periodEnd: '2029-12-31', issuedOn: today }] });
          await h.executeUpdate(recordDisbursementUpdate, { args: [{ amountCents: 500_000, receivedOn: today }] });
        }
        const before = (await h.query(applicationStateQuery)).status;
        expect(await rejectionOf(h.executeUpdate(withdrawUpdate, { args: [{ reason: '  ' }] }))).toBe('withdraw: reason must not be empty');
        const w = await h.executeUpdate(withdrawUpdate, { args: [{ reason: 'Träger steigt aus', by: HEAD }] });
        expect(w.withdrawal).toMatchObject({ reason: 'Träger steigt aus', by: HEAD });
        expect(w.history.at(-1)).toMatchObject({ from: before, to: 'withdrawn', by: HEAD, reason: 'Träger steigt aus' });
        // Not h.result(): awaiting a result lets the test server skip time, which would move the
        // clock past the next application's deadlines. The workflow ends with the withdrawal.
        await eventually(
          async () => (await h.describe()).status.name,
          (st) => st === 'COMPLETED',
        );
        return w;
      });
      expect(result.status).toBe('withdrawn');
      expect(fake.row.status).toBe('withdrawn');
      expect(fake.statusChanges().at(-1)).toMatchObject({ to: 'withdrawn', actor: HEAD, reason: 'Träger steigt aus' });
    }
  });

  it('rejects invalid transitions and inputs with the state unchanged', async () => {
    const fake = new InMemoryApplicationActivities();
    await withWorker('invalid', fake, async (taskQueue) => {
      const h = await start(taskQueue, 'app-4');
      const today = await serverToday();
      const query = () => h.query(applicationStateQuery);
      const before: ApplicationState = await query();
      const rejected = [
        await rejectionOf(h.executeUpdate(signOffUpdate, { args: [{ by: HEAD }] })),
        await rejectionOf(h.executeUpdate(submitToFunderUpdate, { args: [{ submittedOn: today }] })),
        await rejectionOf(h.executeUpdate(recordNoticeUpdate, { args: [{ decision: 'approved', approvedCents: 1, periodStart: '2027-01-01', periodEnd: '2027-12-31', issuedOn: today }] })),
        await rejectionOf(h.executeUpdate(closeUpdate, { args: [{}] })),
        await rejectionOf(h.executeUpdate(recordCheckUpdate, { args: [{ result: 'ok' }] })),
        await rejectionOf(h.executeUpdate(amendUpdate, { args: [{ reason: '' }] })),
      ];
      expect(rejected).toEqual([
        'signOff: not possible in status draft (only in internal_review)',
        'submitToFunder: not possible in status draft (only in internal_review, council_consultation)',
        'recordNotice: not possible in status draft (only in submitted)',
        'close: not possible in status draft (only in checked, repayment)',
        'recordCheck: not possible in status draft (only in proof_submitted)',
        'amend: reason must not be empty',
      ]);
      expect(await query()).toEqual(before);
      await h.executeUpdate(requestSignOffUpdate, { args: [{}] });
      const review = await query();
      expect(
        [
          await rejectionOf(h.executeUpdate(startCouncilConsultationUpdate, { args: [{ paperId: 'p' }] })),
          await rejectionOf(h.executeUpdate(signOffUpdate, { args: [{} as { by: string }] })),
          await rejectionOf(h.executeUpdate(requestSignOffUpdate, { args: [{}] })),
        ],
      ).toEqual([
        'startCouncilConsultation: the department head has not signed off yet',
        'signOff: by (the department head) is required',
        'requestSignOff: not possible in status internal_review (only in draft)',
      ]);
      expect(await query()).toEqual(review);
      await h.executeUpdate(signOffUpdate, { args: [{ by: HEAD }] });
      expect(await rejectionOf(h.executeUpdate(startCouncilConsultationUpdate, { args: [{ paperId: 'p', by: '' }] }))).toBe('startCouncilConsultation: by must not be empty');
      await h.executeUpdate(withdrawUpdate, { args: [{ reason: 'Test' }] });
      await h.result();
    });
    // Only the accepted updates reached the activity: two status changes and the sign-off.
    expect(fake.statusChanges().map((c) => c.to)).toEqual(['internal_review', 'withdrawn']);
    expect(fake.callsOf('applyApplicationChange').map((c) => (c.input as { update: string }).update)).toEqual(['requestSignOff', 'signOff', 'withdraw']);
  });
});

describe('application activities on PostgreSQL', () => {
  let db: TestDatabase;
  let acts: ApplicationActivities;
  let orgId: string;
  let otherOrgId: string;
  let applicationId: string;
  const mock = new MockActivityEnvironment();

  beforeAll(async () => {
    db = await createTestDatabase();
    acts = createApplicationActivities(db.dataSource);
    const org = await createOrganisation(db.dataSource);
    orgId = org.id;
    otherOrgId = (await createOrganisation(db.dataSource)).id;
    applicationId = (await createFundingApplication(db.dataSource, org)).id;
  });
  afterAll(() => db?.drop());

  const row = async () => (await db.dataSource.query(`SELECT status, version FROM funding_application WHERE id = $1`, [applicationId]))[0];
  const audit = async () =>
    db.dataSource.query(
      `SELECT organisation_id AS "organisationId", actor, subject_type AS "subjectType", subject_id AS "subjectId", before, after, reason
         FROM audit_event WHERE action = 'application.status_changed' AND subject_id = $1 ORDER BY id`,
      [applicationId],
    );
  const actor = 'workflow:application-db-1';

  it('changes the status once; a retry finds it done and writes nothing', async () => {
    const change = { applicationId, organisationId: orgId, from: 'draft' as const, to: 'internal_review' as const, actor, reason: 'internal sign-off requested' };
    expect(await mock.run(acts.setApplicationStatus, change)).toEqual({ changed: true });
    expect(await mock.run(acts.setApplicationStatus, change)).toEqual({ changed: false });
    expect(await row()).toEqual({ status: 'internal_review', version: 2 });
    expect(await audit()).toEqual([
      {
        organisationId: orgId,
        actor,
        subjectType: 'funding_application',
        subjectId: applicationId,
        before: { status: 'draft', version: 1 },
        after: { status: 'internal_review', version: 2 },
        reason: 'internal sign-off requested',
      },
    ]);
  });

  it('refuses a change from a status the row is not in, and another organisation, non-retryably', async () => {
    const failure = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: unknown) => e as { type?: string; nonRetryable?: boolean; message: string },
      );
    expect(await failure(mock.run(acts.setApplicationStatus, { applicationId, organisationId: orgId, from: 'submitted' as const, to: 'approved' as const, actor, reason: 'x' }))).toMatchObject({
      type: 'ApplicationStatusConflict',
      nonRetryable: true,
      message: `funding_application ${applicationId} is internal_review, expected submitted (for submitted → approved)`,
    });
    expect(await failure(mock.run(acts.setApplicationStatus, { applicationId, organisationId: otherOrgId, from: 'internal_review' as const, to: 'withdrawn' as const, actor, reason: 'x' }))).toMatchObject({
      type: 'ApplicationNotFound',
      nonRetryable: true,
    });
    expect(await row()).toEqual({ status: 'internal_review', version: 2 });
    expect(await audit()).toHaveLength(1);
  });

  it('delivers a notification once per dedup key, with its audit event', async () => {
    const n = {
      dedupKey: `application:${applicationId}:proof-of-use:reminder:2028-06-30:7d`,
      actor,
      organisationId: orgId,
      recipient: 'user:netzwerkkoordination',
      kind: 'application.reminder' as const,
      subject: 'Verwendungsnachweis ist am 30.06.2028 fällig',
      body: 'Erinnerung',
      dueOn: '2028-06-30',
    };
    expect(await mock.run(acts.notifyApplication, n)).toEqual({ created: true });
    expect(await mock.run(acts.notifyApplication, n)).toEqual({ created: false });
    const rows = await db.dataSource.query(`SELECT id, kind, due_on::text AS "dueOn" FROM notification WHERE dedup_key = $1`, [n.dedupKey]);
    expect(rows).toEqual([{ id: expect.any(String), kind: 'application.reminder', dueOn: '2028-06-30' }]);
    const a = await db.dataSource.query(`SELECT actor, reason FROM audit_event WHERE action = 'notification.delivered' AND subject_id = $1`, [rows[0].id]);
    expect(a).toEqual([{ actor, reason: 'application deadline approaching' }]);
  });
});
