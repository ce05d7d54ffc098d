import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { MockActivityEnvironment, TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { workflowIds } from '@app/workflows/names';
import type { CouncilPaperActivities } from '@app/workflows/council-paper/activities';
import { InMemoryCouncilPaperActivities } from '@app/workflows/council-paper/activities.fixture';
import type { ConsultationInput, CouncilPaperWorkflowInput } from '@app/workflows/council-paper/model';
import { councilPaperStateQuery, recordOutcomeUpdate, type CouncilDecision, type CouncilPaperState } from '@app/workflows/council-paper/signals';
import type { councilPaperWorkflow } from '@app/workflows/council-paper/workflow';
import type { reminderWorkflow } from '@app/workflows/reminder/workflow';
import { createCouncilPaperActivities } from '../../apps/worker/src/activities/council-paper.activities';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createDepartment, createOrganisation } from '../support/factories';
import { createTimeSkippingEnv, workflowBundle } from '../support/temporal';

/**
 * The council-paper consultation workflow on the real time-skipping test server with in-memory
 * activities; then the PostgreSQL activities on a real database.
 *
 * Time: as in milestone.int.spec.ts — the test server's clock starts at the real "now" and is
 * locked (wall-clock speed) except while `env.sleep()` runs or a client awaits a result, so
 * updates sent right after the start arrive long before the 2030 session dates, and
 * `advanceTo()` moves the clock to an exact instant, firing every timer up to it. Each test has
 * its own test server, so its clock starts at "now". Sessions open at 00:00 UTC of their day;
 * the outcome reminder goes out at 06:00 UTC, 3 days after the session.
 */
describe('councilPaperWorkflow (time-skipping test server)', () => {
  let env: TestWorkflowEnvironment;

  beforeEach(async () => {
    env = await createTimeSkippingEnv();
  });
  afterEach(() => env?.teardown());

  const ORG = 'org-landkreis-kassel';
  const OFFICE = 'user:sitzungsdienst';
  const JHA = { committeeId: 'c-jha', committeeName: 'Jugendhilfeausschuss' };
  const KA = { committeeId: 'c-ka', committeeName: 'Kreisausschuss' };
  const KT = { committeeId: 'c-kt', committeeName: 'Kreistag' };

  function paperInput(id: string, consultations: ConsultationInput[], over: Partial<CouncilPaperWorkflowInput> = {}): CouncilPaperWorkflowInput {
    return { paperId: id, organisationId: ORG, paperNumber: '2030/117', councilOffice: OFFICE, outcomeReminderDaysAfterSession: 3, consultations, ...over };
  }

  async function withWorker<T>(name: string, fake: InMemoryCouncilPaperActivities, fn: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = `council-paper-test-${name}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: workflowBundle(), activities: fake.activities() });
    return worker.runUntil(fn(taskQueue));
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

  async function rejectionOf(update: Promise<unknown>): Promise<string> {
    const err = await update.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (err as WorkflowUpdateFailedError).cause as { name: string; type?: string; message: string };
    expect(cause).toMatchObject({ name: 'ApplicationFailure', type: 'CouncilPaperUpdateRejected' });
    return cause.message;
  }

  const consultation = (s: CouncilPaperState, position: number) => s.consultations.find((c) => c.position === position)!;

  it('walks the Beratungsfolge in order; a postponement re-queues the committee and pushes back the next; decided → approved', async () => {
    const folge: ConsultationInput[] = [
      { position: 1, ...JHA, sessionDate: '2030-03-11', role: 'preliminary', authoritative: false },
      { position: 2, ...KA, sessionDate: '2030-03-25', role: 'preliminary', authoritative: false },
      { position: 3, ...KT, sessionDate: '2030-04-08', role: 'decision', authoritative: true },
    ];
    const fake = new InMemoryCouncilPaperActivities(folge, { 'c-kt': ['2030-04-08', '2030-05-13', '2030-06-17'] });
    const final = await withWorker('approved', fake, async (taskQueue) => {
      const handle: WorkflowHandle<typeof councilPaperWorkflow> = await env.client.workflow.start<typeof councilPaperWorkflow>('councilPaperWorkflow', {
        taskQueue,
        workflowId: workflowIds.councilPaper('vorlage-1'),
        // No workflow application-app-404 runs: the final signal must be tolerated.
        args: [paperInput('vorlage-1', folge, { applicationId: 'app-404' })],
      });
      expect(handle.workflowId).toBe('council-paper-vorlage-1');
      const query = () => handle.query(councilPaperStateQuery);
      const initial = await query();
      expect(initial).toMatchObject({ status: 'consulting', current: 1, result: null, applicationNotified: null });
      expect(initial.consultations.map((c) => [c.position, c.status, c.sessionDate, c.decides, c.outcomeReminderOn])).toEqual([
        [1, 'scheduled', '2030-03-11', false, '2030-03-14'],
        [2, 'scheduled', '2030-03-25', false, '2030-03-28'],
        [3, 'scheduled', '2030-04-08', true, '2030-04-11'],
      ]);

      // Before the session, and out of order: refused, nothing changes.
      expect([
        await rejectionOf(handle.executeUpdate(recordOutcomeUpdate, { args: [{ position: 1, outcome: 'recommended', text: 'empfohlen' }] })),
        await rejectionOf(handle.executeUpdate(recordOutcomeUpdate, { args: [{ position: 3, outcome: 'decided', text: 'beschlossen' }] })),
        await rejectionOf(handle.executeUpdate(recordOutcomeUpdate, { args: [{ position: 9, outcome: 'decided', text: 'beschlossen' }] })),
      ]).toEqual([
        'recordOutcome: consultation 1 (Jugendhilfeausschuss) meets on 11.03.2030; its outcome can be recorded from that day',
        'recordOutcome: consultation 3 (Kreistag) comes after consultation 1 (Jugendhilfeausschuss), whose outcome is still missing',
        'recordOutcome: the paper has no consultation at position 9',
      ]);
      expect(await query()).toEqual(initial);

      // The Jugendhilfeausschuss meets on 11.03.2030: its day begins at midnight in Germany, 23:00 UTC
      // the evening before (CET), and an outcome recorded then is dated 11.03. (BERLIN_DAY_PATCH).
      await advanceTo('2030-03-10T22:59:00Z');
      expect(consultation(await query(), 1).status).toBe('scheduled');
      await advanceTo('2030-03-10T23:00:30Z');
      const open1 = await eventually(query, (s) => consultation(s, 1).status === 'awaitingOutcome');
      expect([
        await rejectionOf(handle.executeUpdate(recordOutcomeUpdate, { args: [{ position: 1, outcome: 'decided', text: 'beschlossen' }] })),
        await rejectionOf(handle.executeUpdate(recordOutcomeUpdate, { args: [{ position: 1, outcome: 'recommended', text: '  ' }] })),
        await rejectionOf(handle.executeUpdate(recordOutcomeUpdate, { args: [{ position: 1, outcome: 'recommended', text: 'empfohlen', nextSessionDate: '2030-04-01' }] })),
        await rejectionOf(handle.executeUpdate(recordOutcomeUpdate, { args: [{ position: 1, outcome: 'postponed', text: 'vertagt', nextSessionDate: '2030-03-11' }] })),
      ]).toEqual([
        'recordOutcome: "decided" is not an outcome of consultation 1 (Jugendhilfeausschuss) (Vorberatung); allowed: recommended, rejected, acknowledged, postponed',
        'recordOutcome: text (the recorded wording, e.g. "einstimmig beschlossen") must not be empty',
        "recordOutcome: nextSessionDate is only for 'postponed', not for 'recommended'",
        'recordOutcome: nextSessionDate 2030-03-11 must be after the session of 11.03.2030',
      ]);
      expect(await query()).toEqual(open1);
      const after1 = await handle.executeUpdate(recordOutcomeUpdate, {
        args: [{ position: 1, outcome: 'recommended', text: 'Zustimmung einstimmig empfohlen', by: 'user:sitzungsdienst-mueller' }],
      });
      expect(consultation(after1, 1)).toMatchObject({
        status: 'done',
        outcome: 'recommended',
        text: 'Zustimmung einstimmig empfohlen',
        outcomes: [{ sessionDate: '2030-03-11', outcome: 'recommended', text: 'Zustimmung einstimmig empfohlen', recordedOn: '2030-03-11', by: 'user:sitzungsdienst-mueller' }],
        remindedFor: [],
      });
      expect(await rejectionOf(handle.executeUpdate(recordOutcomeUpdate, { args: [{ position: 1, outcome: 'rejected', text: 'abgelehnt' }] }))).toMatch(
        /^recordOutcome: consultation 1 \(Jugendhilfeausschuss\) already has its outcome \(recommended\)$/,
      );

      // Kreisausschuss 25.03.2030: no outcome after 3 days → the council office is reminded (once).
      await eventually(query, (s) => s.current === 2);
      await advanceTo('2030-03-28T05:59:00Z');
      expect(fake.notifications.size).toBe(0);
      await advanceTo('2030-03-28T06:00:30Z');
      await eventually(query, (s) => consultation(s, 2).remindedFor.length === 1);
      expect([...fake.notifications.values()]).toEqual([
        {
          dedupKey: 'council-paper:vorlage-1:outcome-reminder:2:2030-03-25',
          actor: 'workflow:council-paper-vorlage-1',
          organisationId: ORG,
          recipient: OFFICE,
          kind: 'councilPaper.outcomeReminder',
          subject: 'Beratungsergebnis fehlt: Vorlage 2030/117, Kreisausschuss am 25.03.2030',
          body:
            'Für die Vorlage 2030/117 ist das Ergebnis der Beratung im Kreisausschuss (Vorberatung, Sitzung am 25.03.2030) 3 Tage nach der Sitzung noch nicht erfasst. ' +
            'Bitte das Ergebnis eintragen (bei Vertagung mit dem nächsten Sitzungstermin).',
          dueOn: '2030-03-25',
        },
      ]);
      const reminderCall = fake.callsOf('notifyCouncilOffice')[0];
      expect(reminderCall.scheduledAtMs).toBeGreaterThanOrEqual(Date.parse('2030-03-28T06:00:00Z'));
      expect(reminderCall.scheduledAtMs).toBeLessThan(Date.parse('2030-03-28T06:00:30Z'));

      // Vertagt to 29.04.2030: the Kreisausschuss starts over on that date.
      const postponed = await handle.executeUpdate(recordOutcomeUpdate, { args: [{ position: 2, outcome: 'postponed', text: 'vertagt (Beratungsbedarf der Fraktionen)', nextSessionDate: '2030-04-29' }] });
      expect(consultation(postponed, 2)).toMatchObject({ status: 'postponed', outcome: null });
      const requeued = await eventually(query, (s) => consultation(s, 2).sessionDate === '2030-04-29' && consultation(s, 2).status === 'scheduled');
      expect(consultation(requeued, 2)).toMatchObject({
        plannedSessionDate: '2030-03-25',
        outcomeReminderOn: '2030-05-02',
        moves: [{ from: '2030-03-25', to: '2030-04-29', why: 'postponed' }],
        outcomes: [{ sessionDate: '2030-03-25', outcome: 'postponed', text: 'vertagt (Beratungsbedarf der Fraktionen)', recordedOn: '2030-03-28', by: 'workflow:council-paper-vorlage-1' }],
      });
      expect(fake.callsOf('findNextCommitteeSession')).toHaveLength(0); // the date came with the update

      // The Kreistag's 08.04. passes while the Kreisausschuss has not advised: it is not opened.
      await advanceTo('2030-04-29T00:00:30Z');
      const open2 = await eventually(query, (s) => consultation(s, 2).status === 'awaitingOutcome');
      expect(consultation(open2, 3).status).toBe('scheduled');
      await handle.executeUpdate(recordOutcomeUpdate, { args: [{ position: 2, outcome: 'recommended', text: 'Zustimmung mehrheitlich empfohlen' }] });

      // … so the Kreistag moves to its next session on or after 29.04.2030 (looked up: 13.05.2030).
      const moved3 = await eventually(query, (s) => s.current === 3 && consultation(s, 3).sessionDate === '2030-05-13');
      expect(consultation(moved3, 3)).toMatchObject({ status: 'scheduled', moves: [{ from: '2030-04-08', to: '2030-05-13', why: 'previousConsultationLater' }] });
      await advanceTo('2030-05-13T00:00:30Z');
      await eventually(query, (s) => consultation(s, 3).status === 'awaitingOutcome');
      expect(await rejectionOf(handle.executeUpdate(recordOutcomeUpdate, { args: [{ position: 3, outcome: 'recommended', text: 'empfohlen' }] }))).toBe(
        'recordOutcome: "recommended" is not an outcome of consultation 3 (Kreistag) (Entscheidung, beschließend); allowed: decided, rejected, postponed',
      );
      await handle.executeUpdate(recordOutcomeUpdate, { args: [{ position: 3, outcome: 'decided', text: 'mehrheitlich beschlossen' }] });
      return handle.result();
    });

    expect(final).toMatchObject({ status: 'approved', result: 'approved', current: null, concludedOn: '2030-05-13', applicationNotified: 'notFound' });
    expect(final.consultations.map((c) => [c.position, c.status, c.sessionDate, c.outcome])).toEqual([
      [1, 'done', '2030-03-11', 'recommended'],
      [2, 'done', '2030-04-29', 'recommended'],
      [3, 'done', '2030-05-13', 'decided'],
    ]);
    // The writes, in order, each once.
    expect(fake.calls.map((c) => [c.name, c.attempt, c.answer])).toEqual([
      ['recordConsultationOutcome', 1, { changed: true }],
      ['notifyCouncilOffice', 1, { created: true }],
      ['recordConsultationOutcome', 1, { changed: true }],
      ['requeueConsultation', 1, { changed: true }],
      ['recordConsultationOutcome', 1, { changed: true }],
      ['findNextCommitteeSession', 1, { sessionDate: '2030-05-13' }],
      ['requeueConsultation', 1, { changed: true }],
      ['recordConsultationOutcome', 1, { changed: true }],
    ]);
    expect(fake.callsOf('recordConsultationOutcome').map((c) => c.input)).toEqual([
      { organisationId: ORG, paperId: 'vorlage-1', position: 1, actor: 'user:sitzungsdienst-mueller', sessionDate: '2030-03-11', outcome: 'recommended', text: 'Zustimmung einstimmig empfohlen' },
      { organisationId: ORG, paperId: 'vorlage-1', position: 2, actor: 'workflow:council-paper-vorlage-1', sessionDate: '2030-03-25', outcome: 'postponed', text: 'vertagt (Beratungsbedarf der Fraktionen)' },
      { organisationId: ORG, paperId: 'vorlage-1', position: 2, actor: 'workflow:council-paper-vorlage-1', sessionDate: '2030-04-29', outcome: 'recommended', text: 'Zustimmung mehrheitlich empfohlen' },
      { organisationId: ORG, paperId: 'vorlage-1', position: 3, actor: 'workflow:council-paper-vorlage-1', sessionDate: '2030-05-13', outcome: 'decided', text: 'mehrheitlich beschlossen' },
    ]);
    expect(fake.callsOf('findNextCommitteeSession')[0].input).toEqual({ organisationId: ORG, committeeId: 'c-kt', onOrAfter: '2030-04-29' });
    expect(fake.callsOf('requeueConsultation').map((c) => c.input)).toEqual([
      { organisationId: ORG, paperId: 'vorlage-1', position: 2, actor: 'workflow:council-paper-vorlage-1', fromSessionDate: '2030-03-25', toSessionDate: '2030-04-29', why: 'postponed' },
      { organisationId: ORG, paperId: 'vorlage-1', position: 3, actor: 'workflow:council-paper-vorlage-1', fromSessionDate: '2030-04-08', toSessionDate: '2030-05-13', why: 'previousConsultationLater' },
    ]);
    expect(Object.fromEntries(fake.rows)).toEqual({
      1: { sessionDate: '2030-03-11', outcome: 'recommended', version: 2 },
      2: { sessionDate: '2030-04-29', outcome: 'recommended', version: 4 },
      3: { sessionDate: '2030-05-13', outcome: 'decided', version: 3 },
    });
  });

  it('looks up the next session after a postponement; a rejecting decision ends "rejected" and signals the application workflow', async () => {
    const folge: ConsultationInput[] = [
      { position: 1, ...JHA, sessionDate: '2030-06-03', role: 'preliminary', authoritative: false },
      { position: 2, ...KT, sessionDate: '2030-06-19', role: 'decision', authoritative: true },
    ];
    const fake = new InMemoryCouncilPaperActivities(folge, { 'c-jha': ['2030-05-06', '2030-06-03', '2030-07-01'], 'c-kt': ['2030-06-19', '2030-07-10'] });
    const { final, signals } = await withWorker('rejected', fake, async (taskQueue) => {
      // A stand-in for the application workflow (not written yet): any running workflow with the
      // id application-<id> receives the signal into its history.
      const application = await env.client.workflow.start<typeof reminderWorkflow>('reminderWorkflow', {
        taskQueue,
        workflowId: workflowIds.application('app-7'),
        args: [{ organisationId: ORG, recipient: OFFICE, subject: 'stand-in', body: '', dueOn: '2099-12-31' }],
      });
      const handle = await env.client.workflow.start<typeof councilPaperWorkflow>('councilPaperWorkflow', {
        taskQueue,
        workflowId: workflowIds.councilPaper('vorlage-2'),
        args: [paperInput('vorlage-2', folge, { paperNumber: '2030/118', applicationId: 'app-7' })],
      });
      const query = () => handle.query(councilPaperStateQuery);
      await advanceTo('2030-06-03T08:00:00Z');
      await eventually(query, (s) => consultation(s, 1).status === 'awaitingOutcome');
      // Vertagt without a date: the committee's next session after 03.06. is looked up (01.07.),
      // and the Kreistag (19.06.) is pushed back to its next session on or after that (10.07.).
      await handle.executeUpdate(recordOutcomeUpdate, { args: [{ position: 1, outcome: 'postponed', text: 'vertagt' }] });
      await eventually(query, (s) => consultation(s, 1).sessionDate === '2030-07-01');
      await advanceTo('2030-07-01T08:00:00Z');
      await eventually(query, (s) => consultation(s, 1).status === 'awaitingOutcome');
      // A Vorberatung may recommend rejection; the Beratungsfolge goes on to the deciding body.
      await handle.executeUpdate(recordOutcomeUpdate, { args: [{ position: 1, outcome: 'rejected', text: 'Ablehnung empfohlen' }] });
      await eventually(query, (s) => s.current === 2 && consultation(s, 2).sessionDate === '2030-07-10');
      await advanceTo('2030-07-10T08:00:00Z');
      await eventually(query, (s) => consultation(s, 2).status === 'awaitingOutcome');
      await handle.executeUpdate(recordOutcomeUpdate, { args: [{ position: 2, outcome: 'rejected', text: 'mehrheitlich abgelehnt' }] });
      // Not handle.result(): awaiting a result lets the server skip time, up to the stand-in's timer.
      const concluded = await eventually(query, (s) => s.applicationNotified !== null);
      const history = await application.fetchHistory();
      const received = (history.events ?? [])
        .filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'councilDecision')
        .map((e) => defaultPayloadConverter.fromPayload<CouncilDecision>(e.workflowExecutionSignaledEventAttributes!.input!.payloads![0]));
      await application.terminate('test done');
      return { final: concluded, signals: received };
    });

    expect(final).toMatchObject({ status: 'rejected', result: 'rejected', concludedOn: '2030-07-10', applicationNotified: 'signalled' });
    expect(signals).toEqual([
      {
        paperId: 'vorlage-2',
        paperNumber: '2030/118',
        organisationId: ORG,
        applicationId: 'app-7',
        result: 'rejected',
        decidedBy: { position: 2, committeeId: 'c-kt', committeeName: 'Kreistag' },
        concludedOn: '2030-07-10',
        text: 'mehrheitlich abgelehnt',
        consultations: [
          { position: 1, committeeName: 'Jugendhilfeausschuss', sessionDate: '2030-07-01', outcome: 'rejected' },
          { position: 2, committeeName: 'Kreistag', sessionDate: '2030-07-10', outcome: 'rejected' },
        ],
        sentBy: 'council-paper-vorlage-2',
      },
    ]);
    expect(fake.callsOf('findNextCommitteeSession').map((c) => [c.input, c.answer])).toEqual([
      [{ organisationId: ORG, committeeId: 'c-jha', onOrAfter: '2030-06-04' }, { sessionDate: '2030-07-01' }],
      [{ organisationId: ORG, committeeId: 'c-kt', onOrAfter: '2030-07-01' }, { sessionDate: '2030-07-10' }],
    ]);
    // Outcomes recorded the same day they were held: no reminder.
    expect(fake.notifications.size).toBe(0);
  });

  it('an Informationsvorlage (Kenntnisnahme only) ends "consulted" and signals nobody without an application', async () => {
    const folge: ConsultationInput[] = [
      { position: 1, ...JHA, sessionDate: '2030-09-02', role: 'acknowledgement', authoritative: false },
      { position: 2, ...KA, sessionDate: '2030-09-16', role: 'acknowledgement', authoritative: false },
    ];
    const fake = new InMemoryCouncilPaperActivities(folge);
    const final = await withWorker('consulted', fake, async (taskQueue) => {
      const handle = await env.client.workflow.start<typeof councilPaperWorkflow>('councilPaperWorkflow', {
        taskQueue,
        workflowId: workflowIds.councilPaper('vorlage-3'),
        args: [paperInput('vorlage-3', folge, { paperNumber: '2030/119', outcomeReminderDaysAfterSession: undefined })],
      });
      const query = () => handle.query(councilPaperStateQuery);
      expect((await query()).consultations.map((c) => c.outcomeReminderOn)).toEqual(['2030-09-05', '2030-09-19']); // default 3 days
      for (const [position, day] of [
        [1, '2030-09-02'],
        [2, '2030-09-16'],
      ] as const) {
        await advanceTo(`${day}T10:00:00Z`);
        await eventually(query, (s) => consultation(s, position).status === 'awaitingOutcome');
        expect(await rejectionOf(handle.executeUpdate(recordOutcomeUpdate, { args: [{ position, outcome: 'recommended', text: 'empfohlen' }] }))).toContain(
          'allowed: acknowledged, postponed',
        );
        await handle.executeUpdate(recordOutcomeUpdate, { args: [{ position, outcome: 'acknowledged', text: 'zur Kenntnis genommen' }] });
      }
      return handle.result();
    });
    expect(final).toMatchObject({ status: 'consulted', result: 'consulted', concludedOn: '2030-09-16', applicationId: null, applicationNotified: null });
    expect([...fake.rows.values()].map((r) => r.outcome)).toEqual(['acknowledged', 'acknowledged']);
  });

  it('refuses to start with a Beratungsfolge whose deciding consultation is not the last', async () => {
    const fake = new InMemoryCouncilPaperActivities([]);
    const folge: ConsultationInput[] = [
      { position: 1, ...KT, sessionDate: '2030-03-11', role: 'decision', authoritative: true },
      { position: 2, ...JHA, sessionDate: '2030-03-25', role: 'acknowledgement', authoritative: false },
    ];
    const error = await withWorker('invalid', fake, async (taskQueue) => {
      const handle = await env.client.workflow.start<typeof councilPaperWorkflow>('councilPaperWorkflow', {
        taskQueue,
        workflowId: workflowIds.councilPaper('vorlage-bad'),
        args: [paperInput('vorlage-bad', folge)],
      });
      return handle.result().then(
        () => undefined,
        (e: unknown) => e as { cause?: { type?: string; message?: string } },
      );
    });
    expect(error?.cause).toMatchObject({
      type: 'InvalidCouncilPaperInput',
      message: 'consultations: the deciding consultation (position 1, Kreistag) must be the last of the Beratungsfolge',
    });
    expect(fake.calls).toHaveLength(0);
  });
});

describe('council-paper activities on PostgreSQL', () => {
  let db: TestDatabase;
  let acts: CouncilPaperActivities;
  const mock = new MockActivityEnvironment();
  let orgId: string;
  let otherOrgId: string;
  let paperId: string;
  let jhaId: string;
  let ktId: string;
  const actor = 'workflow:council-paper-db';

  beforeAll(async () => {
    db = await createTestDatabase();
    acts = createCouncilPaperActivities(db.dataSource);
    const org = await createOrganisation(db.dataSource, { landCode: 'HE' });
    const other = await createOrganisation(db.dataSource);
    orgId = org.id;
    otherOrgId = other.id;
    const department = await createDepartment(db.dataSource, org, { name: 'Fachdienst Jugend' });
    const committee = async (organisationId: string, name: string): Promise<string> =>
      (await db.dataSource.query(`INSERT INTO committee (organisation_id, name) VALUES ($1, $2) RETURNING id`, [organisationId, name]))[0].id;
    jhaId = await committee(orgId, 'Jugendhilfeausschuss');
    ktId = await committee(orgId, 'Kreistag');
    const otherKt = await committee(otherOrgId, 'Kreistag');
    for (const [org2, committeeId, day] of [
      [orgId, jhaId, '2030-03-11'],
      [orgId, jhaId, '2030-04-15'],
      [orgId, ktId, '2030-03-25'],
      [orgId, ktId, '2030-05-20'],
      [otherOrgId, otherKt, '2030-04-01'],
    ]) {
      await db.dataSource.query(`INSERT INTO committee_session (organisation_id, committee_id, session_date) VALUES ($1, $2, $3)`, [org2, committeeId, day]);
    }
    paperId = (
      await db.dataSource.query(
        `INSERT INTO council_paper (organisation_id, number, paper_type, paper_date, lead_department_id, title)
         VALUES ($1, '2030/117', 'decision', '2030-02-20', $2, 'Präventionskette: Verstetigung der Koordinationsstelle') RETURNING id`,
        [orgId, department.id],
      )
    )[0].id;
    await db.dataSource.query(
      `INSERT INTO consultation (organisation_id, paper_id, position, committee_id, session_date, role, authoritative)
       VALUES ($1, $2, 1, $3, '2030-03-11', 'preliminary', false), ($1, $2, 2, $4, '2030-03-25', 'decision', true)`,
      [orgId, paperId, jhaId, ktId],
    );
  });
  afterAll(() => db?.drop());

  const row = async (position: number) =>
    (
      await db.dataSource.query(`SELECT id, session_date::text AS "sessionDate", outcome, version FROM consultation WHERE paper_id = $1 AND position = $2`, [
        paperId,
        position,
      ])
    )[0];
  const auditOf = async (action: string) =>
    db.dataSource.query(
      `SELECT organisation_id AS "organisationId", actor, subject_type AS "subjectType", subject_id AS "subjectId", before, after, reason
         FROM audit_event WHERE action = $1 ORDER BY id`,
      [action],
    );
  const failureOf = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: unknown) => e as { type?: string; nonRetryable?: boolean; message: string },
    );

  it('records an outcome once; a different outcome for the same session is a conflict', async () => {
    const write = { organisationId: orgId, paperId, position: 1, actor: 'user:sitzungsdienst', sessionDate: '2030-03-11', outcome: 'recommended' as const, text: 'Zustimmung einstimmig empfohlen' };
    expect(await mock.run(acts.recordConsultationOutcome, write)).toEqual({ changed: true });
    expect(await mock.run(acts.recordConsultationOutcome, write)).toEqual({ changed: false });
    const consultation1 = await row(1);
    expect(consultation1).toMatchObject({ sessionDate: '2030-03-11', outcome: 'recommended', version: 2 });
    expect(await auditOf('consultation.outcome_recorded')).toEqual([
      {
        organisationId: orgId,
        actor: 'user:sitzungsdienst',
        subjectType: 'consultation',
        subjectId: consultation1.id,
        before: { sessionDate: '2030-03-11', outcome: null },
        after: { sessionDate: '2030-03-11', outcome: 'recommended', text: 'Zustimmung einstimmig empfohlen' },
        reason: 'consultation outcome recorded',
      },
    ]);
    const conflict = await failureOf(mock.run(acts.recordConsultationOutcome, { ...write, outcome: 'rejected' as const }));
    expect(conflict).toMatchObject({
      type: 'ConsultationConflict',
      nonRetryable: true,
      message: `consultation 1 of paper ${paperId} is on 2030-03-11 with outcome recommended; cannot record rejected for the session of 2030-03-11`,
    });
    expect(await row(1)).toEqual(consultation1);
  });

  it('postponed, then re-queued once to the next session (outcome cleared), then decided', async () => {
    const base = { organisationId: orgId, paperId, position: 2, actor };
    expect(await mock.run(acts.recordConsultationOutcome, { ...base, sessionDate: '2030-03-25', outcome: 'postponed' as const, text: 'vertagt' })).toEqual({ changed: true });
    expect(await mock.run(acts.findNextCommitteeSession, { organisationId: orgId, committeeId: ktId, onOrAfter: '2030-03-26' })).toEqual({ sessionDate: '2030-05-20' });
    const move = { ...base, fromSessionDate: '2030-03-25', toSessionDate: '2030-05-20', why: 'postponed' as const };
    expect(await mock.run(acts.requeueConsultation, move)).toEqual({ changed: true });
    expect(await mock.run(acts.requeueConsultation, move)).toEqual({ changed: false });
    expect(await row(2)).toMatchObject({ sessionDate: '2030-05-20', outcome: null, version: 3 });
    expect(await auditOf('consultation.requeued')).toEqual([
      expect.objectContaining({
        actor,
        before: { sessionDate: '2030-03-25', outcome: 'postponed' },
        after: { sessionDate: '2030-05-20', outcome: null, why: 'postponed' },
        reason: 'vertagt',
      }),
    ]);
    // A move from a date the row is no longer on, to yet another date, is a conflict.
    expect(await failureOf(mock.run(acts.requeueConsultation, { ...move, toSessionDate: '2030-06-30' }))).toMatchObject({ type: 'ConsultationConflict', nonRetryable: true });

    const decided = { ...base, sessionDate: '2030-05-20', outcome: 'decided' as const, text: 'mehrheitlich beschlossen' };
    expect(await mock.run(acts.recordConsultationOutcome, decided)).toEqual({ changed: true });
    expect(await mock.run(acts.recordConsultationOutcome, decided)).toEqual({ changed: false });
    expect(await row(2)).toMatchObject({ sessionDate: '2030-05-20', outcome: 'decided', version: 4 });
    expect((await auditOf('consultation.outcome_recorded')).map((a: { after: { outcome: string } }) => a.after.outcome)).toEqual(['recommended', 'postponed', 'decided']);
  });

  it("finds the committee's next session on or after a date, only in its organisation; none yet is retryable", async () => {
    expect(await mock.run(acts.findNextCommitteeSession, { organisationId: orgId, committeeId: jhaId, onOrAfter: '2030-03-11' })).toEqual({ sessionDate: '2030-03-11' });
    expect(await mock.run(acts.findNextCommitteeSession, { organisationId: orgId, committeeId: jhaId, onOrAfter: '2030-03-12' })).toEqual({ sessionDate: '2030-04-15' });
    const none = await failureOf(mock.run(acts.findNextCommitteeSession, { organisationId: orgId, committeeId: jhaId, onOrAfter: '2030-04-16' }));
    expect(none).toMatchObject({ type: 'NoCommitteeSessionScheduled', nonRetryable: false, message: `committee ${jhaId} has no session on or after 2030-04-16 yet` });
    const foreign = await failureOf(mock.run(acts.findNextCommitteeSession, { organisationId: otherOrgId, committeeId: jhaId, onOrAfter: '2030-01-01' }));
    expect(foreign).toMatchObject({ type: 'NoCommitteeSessionScheduled' });
  });

  it('reminds the council office once per dedup key; an unknown consultation is not found', async () => {
    const n = {
      dedupKey: `council-paper:${paperId}:outcome-reminder:1:2030-03-11`,
      actor,
      organisationId: orgId,
      recipient: 'user:sitzungsdienst',
      kind: 'councilPaper.outcomeReminder',
      subject: 'Beratungsergebnis fehlt: Vorlage 2030/117, Jugendhilfeausschuss am 11.03.2030',
      body: 'Bitte das Ergebnis eintragen.',
      dueOn: '2030-03-11',
    };
    expect(await mock.run(acts.notifyCouncilOffice, n)).toEqual({ created: true });
    expect(await mock.run(acts.notifyCouncilOffice, n)).toEqual({ created: false });
    const rows = await db.dataSource.query(`SELECT id, recipient, due_on::text AS "dueOn" FROM notification WHERE dedup_key = $1`, [n.dedupKey]);
    expect(rows).toEqual([{ id: expect.any(String), recipient: 'user:sitzungsdienst', dueOn: '2030-03-11' }]);
    expect(await db.dataSource.query(`SELECT reason FROM audit_event WHERE action = 'notification.delivered' AND subject_id = $1`, [rows[0].id])).toEqual([
      { reason: 'consultation outcome missing' },
    ]);

    const missing = await failureOf(
      mock.run(acts.recordConsultationOutcome, { organisationId: otherOrgId, paperId, position: 1, actor, sessionDate: '2030-03-11', outcome: 'recommended' as const, text: 'x' }),
    );
    expect(missing).toMatchObject({ type: 'ConsultationNotFound', nonRetryable: true, message: `paper ${paperId} has no consultation at position 1 in organisation ${otherOrgId}` });
  });
});
