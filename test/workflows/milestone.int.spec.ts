import { WorkflowUpdateFailedError, WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import { MockActivityEnvironment, TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { HOLIDAY_RULES_NIEDERSACHSEN } from '@app/calendar';
import { workflowIds } from '@app/workflows/names';
import { InMemoryMilestoneActivities } from '@app/workflows/milestone/activities.fixture';
import type { MilestoneActivities } from '@app/workflows/milestone/activities';
import type { MilestoneWorkflowInput } from '@app/workflows/milestone/model';
import { completeUpdate, milestoneStateQuery, rescheduleUpdate, type MilestoneState } from '@app/workflows/milestone/signals';
import type { milestoneWorkflow } from '@app/workflows/milestone/workflow';
import { createMilestoneActivities } from '../../apps/worker/src/activities/milestone.activities';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createDepartment, createOrganisation, createProgramme, createUser } from '../support/factories';
import { createTimeSkippingEnv, workflowBundle } from '../support/temporal';

/**
 * The milestone workflow on the real time-skipping test server, with in-memory activities; then
 * the PostgreSQL activities on a real database.
 *
 * Time: the test server's clock starts at the real "now" and — in the TypeScript SDK — skips
 * time only while a client awaits a workflow result or while `env.sleep()` runs; otherwise it
 * is locked and runs at wall-clock speed. So an update sent right after the start arrives long
 * before any timer (the due dates lie in 2030), and `advanceTo()` moves the clock to an exact
 * instant, firing every timer up to it. After each step the test polls the workflow's query
 * (or the fake's calls) until the expected effect is there; a step's absence is asserted at the
 * instant just before it is due. All events of the family happen at 06:00 UTC of their day.
 */
describe('milestoneWorkflow (time-skipping test server)', () => {
  let env: TestWorkflowEnvironment;

  // A test server of its own for every test: each starts at the real "now", and no timer of an
  // earlier test's workflow fires while a later test moves the clock.
  beforeEach(async () => {
    env = await createTimeSkippingEnv();
  });
  afterEach(() => env?.teardown());

  const ORG = 'org-landkreis-peine';
  const OWNER = 'user:netzwerkkoordination';
  const HEAD = 'user:fachdienstleitung-jugend';

  function milestoneInput(id: string, over: Partial<MilestoneWorkflowInput>): MilestoneWorkflowInput {
    return {
      milestoneId: id,
      organisationId: ORG,
      title: 'Bestandsaufnahme der Angebote',
      dueOn: '2030-04-19',
      owner: OWNER,
      reminderDaysBefore: [14, 3],
      escalateTo: HEAD,
      escalationDaysAfterDue: 7,
      holidayRules: HOLIDAY_RULES_NIEDERSACHSEN,
      ...over,
    };
  }

  async function withWorker<T>(name: string, fake: InMemoryMilestoneActivities, fn: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = `milestone-test-${name}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: workflowBundle(), activities: fake.activities() });
    return worker.runUntil(fn(taskQueue));
  }

  /** Moves the test server's clock to `iso` (firing every timer up to it). */
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
    expect(cause).toMatchObject({ name: 'ApplicationFailure', type: 'MilestoneUpdateRejected' });
    return cause.message;
  }

  const at = (iso: string) => Date.parse(iso);
  /** An activity scheduled at the event's instant (the test server may add the workflow task's own seconds). */
  const expectScheduledAt = (scheduledAtMs: number, iso: string) => {
    expect(scheduledAtMs).toBeGreaterThanOrEqual(at(iso));
    expect(scheduledAtMs).toBeLessThan(at(iso) + 30_000);
  };

  it('reminds 14 and 3 days before the nominal date, turns overdue after the shifted deadline, escalates, completes late', async () => {
    // Due on Good Friday 19.04.2030: Saturday, Sunday and Easter Monday follow, so the deadline
    // ends on Tuesday 23.04.2030 (§ 31 Abs. 3 VwVfG). Reminders count from the nominal 19.04.
    const fake = new InMemoryMilestoneActivities('2030-04-19');
    const final = await withWorker('lifecycle', fake, async (taskQueue) => {
      const handle = await env.client.workflow.start<typeof milestoneWorkflow>('milestoneWorkflow', {
        taskQueue,
        workflowId: workflowIds.milestone('ms-1'),
        args: [milestoneInput('ms-1', {})],
      });
      expect(handle.workflowId).toBe('milestone-ms-1');
      const query = () => handle.query(milestoneStateQuery);
      expect(await query()).toMatchObject({
        status: 'open',
        dueOn: '2030-04-19',
        effectiveDueOn: '2030-04-23',
        overdueOn: '2030-04-24',
        reminders: [
          { daysBefore: 14, on: '2030-04-05', status: 'pending' },
          { daysBefore: 3, on: '2030-04-16', status: 'pending' },
        ],
        escalation: { to: HEAD, daysAfterDue: 7, on: '2030-04-30', sentOn: null },
        overdueSince: null,
        saving: null,
      });

      // 14 days before: not a minute early.
      await advanceTo('2030-04-05T05:59:00Z');
      expect(fake.notifications.size).toBe(0);
      await advanceTo('2030-04-05T06:00:30Z');
      await eventually(query, (s) => s.reminders[0].status === 'sent');
      expect([...fake.notifications.values()]).toEqual([
        {
          milestoneId: 'ms-1',
          dedupKey: 'milestone:ms-1:reminder:2030-04-19:14d',
          actor: 'workflow:milestone-ms-1',
          organisationId: ORG,
          recipient: OWNER,
          kind: 'milestone.reminder',
          subject: 'Meilenstein „Bestandsaufnahme der Angebote“ ist am 19.04.2030 fällig',
          body:
            'Erinnerung 14 Tage vor Fälligkeit: Der Meilenstein „Bestandsaufnahme der Angebote“ ist am 19.04.2030 fällig. ' +
            'Da der 19.04.2030 kein Werktag ist, endet die Frist am 23.04.2030 (§ 31 Abs. 3 VwVfG). Bitte mit Nachweis als erledigt melden.',
          dueOn: '2030-04-19',
        },
      ]);
      expectScheduledAt(fake.callsOf('notifyMilestone')[0].scheduledAtMs, '2030-04-05T06:00:00Z');

      // 3 days before the nominal date (a Tuesday), not 3 days before the effective one.
      await advanceTo('2030-04-16T05:59:00Z');
      expect(fake.notifications.size).toBe(1);
      await advanceTo('2030-04-16T06:00:30Z');
      await eventually(query, (s) => s.reminders[1].status === 'sent');
      expect([...fake.notifications.keys()]).toEqual(['milestone:ms-1:reminder:2030-04-19:14d', 'milestone:ms-1:reminder:2030-04-19:3d']);
      expectScheduledAt(fake.callsOf('notifyMilestone')[1].scheduledAtMs, '2030-04-16T06:00:00Z');

      // On the nominal and on the effective due day it is not overdue yet.
      await advanceTo('2030-04-24T05:59:00Z');
      expect(await query()).toMatchObject({ status: 'open', overdueSince: null });
      expect(fake.callsOf('markMilestoneOverdue')).toHaveLength(0);
      await advanceTo('2030-04-24T06:00:30Z');
      await eventually(query, (s) => s.status === 'overdue');
      expect(fake.callsOf('markMilestoneOverdue').map((c) => c.input)).toEqual([
        { milestoneId: 'ms-1', organisationId: ORG, actor: 'workflow:milestone-ms-1', dueOn: '2030-04-19', effectiveDueOn: '2030-04-23' },
      ]);
      expectScheduledAt(fake.callsOf('markMilestoneOverdue')[0].scheduledAtMs, '2030-04-24T06:00:00Z');
      expect(fake.row.status).toBe('overdue');
      expect((await query()).overdueSince).toBe('2030-04-24');

      // Escalation 7 days after the effective due date, to the department head.
      await advanceTo('2030-04-30T05:59:00Z');
      expect(fake.notifications.size).toBe(2);
      await advanceTo('2030-04-30T06:00:30Z');
      const escalated = await eventually(query, (s) => s.escalation.sentOn !== null);
      expect(escalated.escalation).toEqual({ to: HEAD, daysAfterDue: 7, on: '2030-04-30', sentOn: '2030-04-30' });
      expect(fake.notifications.get('milestone:ms-1:escalation:2030-04-19')).toEqual({
        milestoneId: 'ms-1',
        dedupKey: 'milestone:ms-1:escalation:2030-04-19',
        actor: 'workflow:milestone-ms-1',
        organisationId: ORG,
        recipient: HEAD,
        kind: 'milestone.escalation',
        subject: 'Meilenstein „Bestandsaufnahme der Angebote“ ist überfällig (fällig am 19.04.2030)',
        body:
          'Der Meilenstein „Bestandsaufnahme der Angebote“ war am 19.04.2030 fällig und ist 7 Tage nach Fristende noch nicht erledigt. ' +
          'Da der 19.04.2030 kein Werktag ist, endet die Frist am 23.04.2030 (§ 31 Abs. 3 VwVfG). Verantwortlich: user:netzwerkkoordination.',
        dueOn: '2030-04-19',
      });
      expectScheduledAt(fake.callsOf('notifyMilestone')[2].scheduledAtMs, '2030-04-30T06:00:00Z');

      // Invalid completions are refused and change nothing.
      const before = await query();
      expect(
        await Promise.all([
          rejectionOf(handle.executeUpdate(completeUpdate, { args: [{ evidence: '   ', doneOn: '2030-04-29' }] })),
          rejectionOf(handle.executeUpdate(completeUpdate, { args: [{ evidence: 'Protokoll', doneOn: '2030-05-01' }] })),
          rejectionOf(handle.executeUpdate(completeUpdate, { args: [{ evidence: 'Protokoll', doneOn: '29.04.2030' }] })),
        ]),
      ).toEqual([
        'complete: evidence must not be empty (minutes, a link or a document reference)',
        'complete: doneOn 2030-05-01 lies in the future (today is 2030-04-30)',
        'complete: doneOn must be a calendar date YYYY-MM-DD, got "29.04.2030"',
      ]);
      expect(await query()).toEqual(before);
      expect(fake.callsOf('completeMilestone')).toHaveLength(0);

      const done = await handle.executeUpdate(completeUpdate, {
        args: [{ evidence: 'Bestandsaufnahme, Protokoll der Steuerungsgruppe vom 29.04.2030', doneOn: '2030-04-29', by: 'user:sachbearbeitung' }],
      });
      expect(done).toMatchObject({ status: 'done', doneOn: '2030-04-29', late: true, evidence: 'Bestandsaufnahme, Protokoll der Steuerungsgruppe vom 29.04.2030' });
      return handle.result();
    });

    expect(final).toMatchObject({ status: 'done', doneOn: '2030-04-29', late: true, overdueSince: '2030-04-24', saving: null });
    expect(fake.callsOf('completeMilestone').map((c) => c.input)).toEqual([
      { milestoneId: 'ms-1', organisationId: ORG, actor: 'user:sachbearbeitung', evidence: 'Bestandsaufnahme, Protokoll der Steuerungsgruppe vom 29.04.2030', doneOn: '2030-04-29' },
    ]);
    expect(fake.row).toEqual({ status: 'done', dueOn: '2030-04-19', evidence: 'Bestandsaufnahme, Protokoll der Steuerungsgruppe vom 29.04.2030', doneOn: '2030-04-29', version: 3 });
    // Every activity ran once, each call had an effect; five audit events.
    expect(fake.calls.map((c) => [c.name, c.attempt, c.effective])).toEqual([
      ['notifyMilestone', 1, true],
      ['notifyMilestone', 1, true],
      ['markMilestoneOverdue', 1, true],
      ['notifyMilestone', 1, true],
      ['completeMilestone', 1, true],
    ]);
    expect(fake.audit.map((a) => a.action)).toEqual(['notification.delivered', 'notification.delivered', 'milestone.overdue', 'notification.delivered', 'milestone.completed']);
  });

  it('reschedules before completion (rejecting invalid updates unchanged) and completes on time', async () => {
    const fake = new InMemoryMilestoneActivities('2030-09-30');
    const final = await withWorker('reschedule', fake, async (taskQueue) => {
      const handle: WorkflowHandle<typeof milestoneWorkflow> = await env.client.workflow.start<typeof milestoneWorkflow>('milestoneWorkflow', {
        taskQueue,
        workflowId: workflowIds.milestone('ms-2'),
        args: [milestoneInput('ms-2', { title: 'Leitbild beschlossen', dueOn: '2030-09-30' })],
      });
      // The clock is locked at "now" (years before the due date): nothing can fire meanwhile.
      const today = await serverToday();
      const before = await handle.query(milestoneStateQuery);
      expect(before).toMatchObject({ status: 'open', dueOn: '2030-09-30', effectiveDueOn: '2030-09-30', overdueOn: '2030-10-01' });
      const rejected = [
        await rejectionOf(handle.executeUpdate(rescheduleUpdate, { args: [{ dueOn: '2030-09-30', reason: 'Verschoben' }] })),
        await rejectionOf(handle.executeUpdate(rescheduleUpdate, { args: [{ dueOn: '2026-01-02', reason: 'Verschoben' }] })),
        await rejectionOf(handle.executeUpdate(rescheduleUpdate, { args: [{ dueOn: '2030-10-31', reason: ' ' }] })),
        await rejectionOf(handle.executeUpdate(rescheduleUpdate, { args: [{ dueOn: '2030-02-30', reason: 'Verschoben' }] })),
        await rejectionOf(handle.executeUpdate(completeUpdate, { args: [{ evidence: 'Beschluss', doneOn: '2030-09-01' }] })),
      ];
      expect(rejected).toEqual([
        'reschedule: 2030-09-30 is already the due date',
        `reschedule: dueOn 2026-01-02 lies in the past (today is ${today})`,
        'reschedule: a reason is required',
        'reschedule: dueOn must be a calendar date YYYY-MM-DD, got "2030-02-30"',
        `complete: doneOn 2030-09-01 lies in the future (today is ${today})`,
      ]);
      expect(await handle.query(milestoneStateQuery)).toEqual(before);
      expect(fake.calls).toHaveLength(0);

      // Reformationstag (31.10., a public holiday in Niedersachsen): the deadline ends on 01.11.
      const moved = await handle.executeUpdate(rescheduleUpdate, {
        args: [{ dueOn: '2030-10-31', reason: 'Fristverlängerung durch das Land, Schreiben vom 02.09.2030', by: 'user:fachdienstleitung-jugend' }],
      });
      expect(moved).toMatchObject({
        status: 'open',
        dueOn: '2030-10-31',
        effectiveDueOn: '2030-11-01',
        overdueOn: '2030-11-02',
        reminders: [
          { daysBefore: 14, on: '2030-10-17', status: 'pending' },
          { daysBefore: 3, on: '2030-10-28', status: 'pending' },
        ],
        escalation: { on: '2030-11-08', sentOn: null },
        reschedules: [{ from: '2030-09-30', to: '2030-10-31', reason: 'Fristverlängerung durch das Land, Schreiben vom 02.09.2030', on: today, by: 'user:fachdienstleitung-jugend' }],
        saving: null,
      });
      expect(fake.row).toMatchObject({ status: 'open', dueOn: '2030-10-31', version: 2 });

      // The reminder days of the old date (16.09. and 27.09.) pass silently; the new 14-day one fires.
      await advanceTo('2030-10-17T06:00:30Z');
      const reminded = await eventually(
        () => handle.query(milestoneStateQuery),
        (s) => s.reminders[0].status === 'sent',
      );
      expect(reminded.reminders.map((r) => r.status)).toEqual(['sent', 'pending']);
      expect([...fake.notifications.values()].map((n) => [n.dedupKey, n.dueOn, n.subject])).toEqual([
        ['milestone:ms-2:reminder:2030-10-31:14d', '2030-10-31', 'Meilenstein „Leitbild beschlossen“ ist am 31.10.2030 fällig'],
      ]);
      expectScheduledAt(fake.callsOf('notifyMilestone')[0].scheduledAtMs, '2030-10-17T06:00:00Z');

      const done = await handle.executeUpdate(completeUpdate, { args: [{ evidence: 'Kreistagsbeschluss 2030/211', doneOn: '2030-10-17' }] });
      expect(done).toMatchObject({ status: 'done', late: false, doneOn: '2030-10-17' });
      return handle.result();
    });
    expect(final.reminders.map((r) => r.status)).toEqual(['sent', 'pending']);
    expect(fake.calls.map((c) => c.name)).toEqual(['rescheduleMilestone', 'notifyMilestone', 'completeMilestone']);
    expect(fake.callsOf('rescheduleMilestone')[0].input).toEqual({
      milestoneId: 'ms-2',
      organisationId: ORG,
      actor: 'user:fachdienstleitung-jugend',
      previousDueOn: '2030-09-30',
      dueOn: '2030-10-31',
      reason: 'Fristverlängerung durch das Land, Schreiben vom 02.09.2030',
    });
    expect(fake.callsOf('completeMilestone')[0].input).toMatchObject({ actor: 'workflow:milestone-ms-2' });
    expect(fake.row).toEqual({ status: 'done', dueOn: '2030-10-31', evidence: 'Kreistagsbeschluss 2030/211', doneOn: '2030-10-17', version: 3 });
  });

  it('an overdue milestone rescheduled is open again: the old escalation is not sent, the new deadline applies', async () => {
    const fake = new InMemoryMilestoneActivities('2030-01-15');
    const final = await withWorker('overdue-reschedule', fake, async (taskQueue) => {
      const handle = await env.client.workflow.start<typeof milestoneWorkflow>('milestoneWorkflow', {
        taskQueue,
        workflowId: workflowIds.milestone('ms-3'),
        args: [milestoneInput('ms-3', { title: 'Sozialraummonitoring', dueOn: '2030-01-15', reminderDaysBefore: [] })],
      });
      const query = () => handle.query(milestoneStateQuery);
      await advanceTo('2030-01-16T06:00:30Z');
      await eventually(query, (s) => s.status === 'overdue');
      const moved = await handle.executeUpdate(rescheduleUpdate, { args: [{ dueOn: '2030-02-15', reason: 'Datenlieferung des Landesamts verspätet' }] });
      expect(moved).toMatchObject({ status: 'open', overdueSince: null, dueOn: '2030-02-15', overdueOn: '2030-02-16', escalation: { on: '2030-02-22', sentOn: null } });
      expect(fake.row).toMatchObject({ status: 'open', dueOn: '2030-02-15' });

      // 22.01. (the old escalation day) passes; the new deadline expires on 16.02.
      await advanceTo('2030-02-16T05:59:00Z');
      expect(fake.notifications.size).toBe(0);
      expect(await query()).toMatchObject({ status: 'open' });
      await advanceTo('2030-02-16T06:00:30Z');
      await eventually(query, (s) => s.status === 'overdue');
      return handle.executeUpdate(completeUpdate, { args: [{ evidence: 'Monitoringbericht 2029', doneOn: '2030-02-16' }] }).then(() => handle.result());
    });
    expect(final).toMatchObject({ status: 'done', late: true, overdueSince: '2030-02-16' });
    expect(fake.notifications.size).toBe(0);
    const overdue = fake.callsOf('markMilestoneOverdue');
    expect(overdue.map((c) => (c.input as { dueOn: string }).dueOn)).toEqual(['2030-01-15', '2030-02-15']);
    expectScheduledAt(overdue[0].scheduledAtMs, '2030-01-16T06:00:00Z');
    expectScheduledAt(overdue[1].scheduledAtMs, '2030-02-16T06:00:00Z');
    expect(fake.audit.map((a) => a.action)).toEqual(['milestone.overdue', 'milestone.rescheduled', 'milestone.overdue', 'milestone.completed']);
  });

  it('a completion sent while the overdue mark is being written waits for it, and a reschedule meanwhile is refused', async () => {
    const fake = new InMemoryMilestoneActivities('2030-01-15');
    const atOverdue = fake.pauseNext('markMilestoneOverdue');
    const final = await withWorker('concurrent', fake, async (taskQueue) => {
      const handle = await env.client.workflow.start<typeof milestoneWorkflow>('milestoneWorkflow', {
        taskQueue,
        workflowId: workflowIds.milestone('ms-4'),
        args: [milestoneInput('ms-4', { dueOn: '2030-01-15', reminderDaysBefore: [] })],
      });
      // Exactly to the instant: while an activity runs the test server does not skip time, so
      // moving further would wait for the paused write in wall-clock time.
      await advanceTo('2030-01-16T06:00:00Z');
      await atOverdue.reached;
      // Accepted at once (validated), but its write waits for the overdue mark's turn to end.
      const completing = await handle.startUpdate(completeUpdate, {
        args: [{ evidence: 'Bestandsaufnahme (Anlage 3 zum Sachbericht)', doneOn: '2030-01-16' }],
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
      expect(await handle.query(milestoneStateQuery)).toMatchObject({ status: 'open', saving: 'complete' });
      expect(await rejectionOf(handle.executeUpdate(rescheduleUpdate, { args: [{ dueOn: '2030-03-31', reason: 'Verlängerung' }] }))).toBe(
        'reschedule: a complete of this milestone is being saved; try again when it is done',
      );
      expect(fake.callsOf('completeMilestone')).toHaveLength(0);
      atOverdue.release();
      expect(await completing.result()).toMatchObject({ status: 'done', late: true, saving: null });
      return handle.result();
    });
    expect(final).toMatchObject({ status: 'done', overdueSince: '2030-01-16', doneOn: '2030-01-16' });
    expect(fake.calls.map((c) => [c.name, c.effective])).toEqual([
      ['markMilestoneOverdue', true],
      ['completeMilestone', true],
    ]);
    expect(fake.row).toMatchObject({ status: 'done', version: 3 });
  });

  it('refuses to start with invalid input and says why', async () => {
    const fake = new InMemoryMilestoneActivities('2030-04-19');
    const error = await withWorker('invalid', fake, async (taskQueue) => {
      const handle = await env.client.workflow.start<typeof milestoneWorkflow>('milestoneWorkflow', {
        taskQueue,
        workflowId: workflowIds.milestone('ms-bad'),
        args: [milestoneInput('ms-bad', { reminderDaysBefore: [14, 0] })],
      });
      return handle.result().then(
        () => undefined,
        (e: unknown) => e as { cause?: { type?: string; message?: string } },
      );
    });
    expect(error?.cause).toMatchObject({ type: 'InvalidMilestoneInput', message: 'reminderDaysBefore[1] must be a whole number of days 1–366, got 0' });
    expect(fake.calls).toHaveLength(0);
  });
});

describe('milestone activities on PostgreSQL', () => {
  let db: TestDatabase;
  let acts: MilestoneActivities;
  const mock = new MockActivityEnvironment();
  let orgId: string;
  let otherOrgId: string;
  let milestoneId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    acts = createMilestoneActivities(db.dataSource);
    const org = await createOrganisation(db.dataSource);
    otherOrgId = (await createOrganisation(db.dataSource)).id;
    orgId = org.id;
    const owner = await createUser(db.dataSource, org);
    const department = await createDepartment(db.dataSource, org);
    const programme = await createProgramme(db.dataSource, org);
    const [application] = await db.dataSource.query(
      `INSERT INTO funding_application (organisation_id, programme_id, lead_department_id, title, period_start, period_end)
       VALUES ($1, $2, $3, 'Präventionskette Peine', '2030-01-01', '2032-12-31') RETURNING id`,
      [orgId, programme.id, department.id],
    );
    const [milestone] = await db.dataSource.query(
      `INSERT INTO programme_milestone (organisation_id, application_id, title, due_on, owner_id)
       VALUES ($1, $2, 'Bestandsaufnahme der Angebote', '2030-04-19', $3) RETURNING id`,
      [orgId, application.id, owner.id],
    );
    milestoneId = milestone.id;
  });
  afterAll(() => db?.drop());

  const row = async () =>
    (
      await db.dataSource.query(
        `SELECT status, due_on::text AS "dueOn", evidence, done_on::text AS "doneOn", version FROM programme_milestone WHERE id = $1`,
        [milestoneId],
      )
    )[0];
  const auditOf = async (action: string) =>
    db.dataSource.query(
      `SELECT organisation_id AS "organisationId", actor, subject_type AS "subjectType", subject_id AS "subjectId", before, after, reason
         FROM audit_event WHERE action = $1 ORDER BY id`,
      [action],
    );
  const actor = 'workflow:milestone-db-1';

  it('marks overdue once, only while open', async () => {
    const change = { milestoneId, organisationId: orgId, actor, dueOn: '2030-04-19', effectiveDueOn: '2030-04-23' };
    expect(await mock.run(acts.markMilestoneOverdue, change)).toEqual({ changed: true });
    expect(await mock.run(acts.markMilestoneOverdue, change)).toEqual({ changed: false });
    expect(await row()).toEqual({ status: 'overdue', dueOn: '2030-04-19', evidence: null, doneOn: null, version: 2 });
    expect(await auditOf('milestone.overdue')).toEqual([
      {
        organisationId: orgId,
        actor,
        subjectType: 'programme_milestone',
        subjectId: milestoneId,
        before: { status: 'open', dueOn: '2030-04-19' },
        after: { status: 'overdue', dueOn: '2030-04-19', effectiveDueOn: '2030-04-23' },
        reason: 'deadline expired without completion',
      },
    ]);
  });

  it('reschedules once: the new due date, overdue → open', async () => {
    const change = { milestoneId, organisationId: orgId, actor: 'user:fachdienstleitung', previousDueOn: '2030-04-19', dueOn: '2030-06-28', reason: 'Fristverlängerung' };
    expect(await mock.run(acts.rescheduleMilestone, change)).toEqual({ changed: true });
    expect(await mock.run(acts.rescheduleMilestone, change)).toEqual({ changed: false });
    expect(await row()).toEqual({ status: 'open', dueOn: '2030-06-28', evidence: null, doneOn: null, version: 3 });
    expect(await auditOf('milestone.rescheduled')).toEqual([
      expect.objectContaining({
        actor: 'user:fachdienstleitung',
        before: { status: 'overdue', dueOn: '2030-04-19' },
        after: { status: 'open', dueOn: '2030-06-28', previousDueOn: '2030-04-19' },
        reason: 'Fristverlängerung',
      }),
    ]);
  });

  it('completes once; a done milestone is neither marked overdue nor rescheduled', async () => {
    const completion = { milestoneId, organisationId: orgId, actor: 'user:sachbearbeitung', evidence: 'Protokoll Steuerungsgruppe 20.06.2030', doneOn: '2030-06-20' };
    expect(await mock.run(acts.completeMilestone, completion)).toEqual({ changed: true });
    expect(await mock.run(acts.completeMilestone, { ...completion, evidence: 'anderer Nachweis' })).toEqual({ changed: false });
    expect(await mock.run(acts.markMilestoneOverdue, { milestoneId, organisationId: orgId, actor, dueOn: '2030-06-28', effectiveDueOn: '2030-06-28' })).toEqual({ changed: false });
    expect(await mock.run(acts.rescheduleMilestone, { milestoneId, organisationId: orgId, actor, previousDueOn: '2030-06-28', dueOn: '2030-07-31', reason: 'x' })).toEqual({ changed: false });
    expect(await row()).toEqual({ status: 'done', dueOn: '2030-06-28', evidence: 'Protokoll Steuerungsgruppe 20.06.2030', doneOn: '2030-06-20', version: 4 });
    expect(await auditOf('milestone.completed')).toEqual([
      expect.objectContaining({
        actor: 'user:sachbearbeitung',
        before: { status: 'open', evidence: null, doneOn: null },
        after: { status: 'done', evidence: 'Protokoll Steuerungsgruppe 20.06.2030', doneOn: '2030-06-20' },
      }),
    ]);
    expect(await auditOf('milestone.overdue')).toHaveLength(1);
    expect(await auditOf('milestone.rescheduled')).toHaveLength(1);
  });

  it('delivers a notification once per dedup key, with its audit event', async () => {
    const n = {
      dedupKey: `milestone:${milestoneId}:reminder:2030-06-28:14d`,
      actor,
      organisationId: orgId,
      recipient: 'user:netzwerkkoordination',
      kind: 'milestone.reminder' as const,
      subject: 'Meilenstein „Bestandsaufnahme der Angebote“ ist am 28.06.2030 fällig',
      body: 'Erinnerung',
      dueOn: '2030-06-28',
    };
    expect(await mock.run(acts.notifyMilestone, n)).toEqual({ created: true });
    expect(await mock.run(acts.notifyMilestone, n)).toEqual({ created: false });
    const rows = await db.dataSource.query(`SELECT id, recipient, kind, subject, due_on::text AS "dueOn" FROM notification WHERE dedup_key = $1`, [n.dedupKey]);
    expect(rows).toEqual([{ id: expect.any(String), recipient: n.recipient, kind: n.kind, subject: n.subject, dueOn: '2030-06-28' }]);
    const audit = await db.dataSource.query(`SELECT actor, reason FROM audit_event WHERE action = 'notification.delivered' AND subject_id = $1`, [rows[0].id]);
    expect(audit).toEqual([{ actor, reason: 'milestone due date approaching' }]);
  });

  it('withholds the reminders and the escalation of a cancelled milestone; reopened, it gets them again', async () => {
    const [m] = await db.dataSource.query(
      `INSERT INTO programme_milestone (organisation_id, application_id, title, due_on, owner_id)
       SELECT organisation_id, application_id, 'Fachtag', '2030-09-30', owner_id FROM programme_milestone WHERE id = $1 RETURNING id`,
      [milestoneId],
    );
    await db.dataSource.query(`UPDATE programme_milestone SET status = 'cancelled' WHERE id = $1`, [m.id]);
    const reminder = {
      milestoneId: m.id as string,
      dedupKey: `milestone:${m.id}:reminder:2030-09-30:14d`,
      actor,
      organisationId: orgId,
      recipient: 'user:netzwerkkoordination',
      kind: 'milestone.reminder' as const,
      subject: 'Meilenstein „Fachtag“ ist am 30.09.2030 fällig',
      body: 'Erinnerung',
      dueOn: '2030-09-30',
    };
    // a notification scheduled before milestoneId was part of it names the milestone by its dedup key only
    const { milestoneId: _named, ...older } = { ...reminder, dedupKey: `milestone:${m.id}:escalation:2030-09-30`, kind: 'milestone.escalation' as const };
    expect(await mock.run(acts.notifyMilestone, reminder)).toEqual({ created: false, withheld: 'cancelled' });
    expect(await mock.run(acts.notifyMilestone, older)).toEqual({ created: false, withheld: 'cancelled' });
    const count = async () => Number((await db.dataSource.query(`SELECT COUNT(*) AS n FROM notification WHERE dedup_key LIKE $1`, [`milestone:${m.id}:%`]))[0].n);
    expect(await count()).toBe(0);
    await db.dataSource.query(`UPDATE programme_milestone SET status = 'open' WHERE id = $1`, [m.id]);
    expect(await mock.run(acts.notifyMilestone, reminder)).toEqual({ created: true });
    expect(await mock.run(acts.notifyMilestone, older)).toEqual({ created: true });
    expect(await count()).toBe(2);
  });

  it('refuses a milestone of another organisation as not found (non-retryable)', async () => {
    const err = await mock
      .run(acts.markMilestoneOverdue, { milestoneId, organisationId: otherOrgId, actor, dueOn: '2030-06-28', effectiveDueOn: '2030-06-28' })
      .then(
        () => undefined,
        (e: unknown) => e as { type?: string; nonRetryable?: boolean; message: string },
      );
    expect(err).toMatchObject({ type: 'MilestoneNotFound', nonRetryable: true, message: `programme_milestone ${milestoneId} does not exist in organisation ${otherOrgId}` });
    expect((await row()).version).toBe(4);
  });
});
