import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OrganisationEntity } from '@app/database';
import { AuditService } from '../../apps/api/src/audit/audit.service';
import { ApiHarness, Json, Method, apiRequest, startApiHarness, submitThroughWorkflow } from '../support/api-harness';
import type { TestDatabase } from '../support/database';
import { createApplicationWithPlans, createFundingApplication, createProgramme } from '../support/factories';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const PERSONNEL = 'Netzwerkkoordination (S 12, 39 h)';

/**
 * The records of a funding application through the API: the Zuwendungsbescheid (recorded,
 * replaced with optimistic locking, checked against the funder share), Mittelabrufe (only against
 * an approved notice, within the approved amount, the spending-window warning to the day, sending
 * and cancelling), payments (paying a request off) and the Belegliste (sequence numbers without
 * gaps under concurrency, filters, sorting), each write atomic with its audit event, and tenant
 * isolation on every route.
 */
describe('api: funding records (notice, disbursement requests, payments, receipts)', () => {
  let db: TestDatabase;
  let h: ApiHarness;
  let api: NestFastifyApplication;
  let peine: OrganisationEntity;
  let kassel: OrganisationEntity;
  let asPeine: Record<string, string>;
  let asKassel: Record<string, string>;
  let peineRef: string;

  beforeAll(async () => {
    h = await startApiHarness('funding-records-test');
    ({ db, api } = h);
    ({ org: peine, headers: asPeine, ref: peineRef } = h.peine);
    ({ org: kassel, headers: asKassel } = h.kassel);
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await h?.close();
  });

  const call = (method: Method, url: string, headers: Record<string, string>, payload?: unknown) => apiRequest(api, method, url, headers, payload);

  const count = async (table: string): Promise<number> => Number((await db.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
  const rowCounts = async () => ({
    notices: await count('funding_notice'),
    requests: await count('disbursement_request'),
    payments: await count('payment_received'),
    receipts: await count('receipt'),
    // what the api writes (workflows write their reminders and escalations in the background)
    audit: Number((await db.dataSource.query(`SELECT count(*) AS n FROM audit_event WHERE actor NOT LIKE 'workflow:%'`))[0].n),
  });
  const auditOf = (id: string): Promise<Json[]> =>
    db.dataSource.query(`SELECT actor, action, subject_type, before, after, reason, request_id, organisation_id FROM audit_event WHERE subject_id = $1 ORDER BY id`, [id]);

  const NOTICE = { decision: 'approved', approvedCents: 12_000_000, periodStart: '2025-10-01', periodEnd: '2028-09-30', conditions: 'ANBest-P', issuedOn: '2025-09-15', fileNumber: 'LJA 41.3-2025/118' };
  const REQUEST = { requestedOn: '2025-11-20', payoutDate: '2025-11-30', amountCents: 1_000_000, coversFrom: '2025-12-01', coversTo: '2026-01-30' };

  /** An application of Peine with plans (funder share 120.000 €) and, unless told otherwise, an approved notice. */
  async function application(notice: object | null = {}): Promise<string> {
    const created = await createApplicationWithPlans(db.dataSource, peine);
    const id = created.id;
    await submitThroughWorkflow(h, created, '2025-09-01');
    if (notice) expect((await call('PUT', `/api/v1/applications/${id}/notice`, asPeine, { ...NOTICE, ...notice })).status).toBe(201);
    return id;
  }

  async function request(applicationId: string, over: object = {}): Promise<Json> {
    const res = await call('POST', `/api/v1/applications/${applicationId}/disbursement-requests`, asPeine, { ...REQUEST, ...over });
    expect(res.status).toBe(201);
    return res.body;
  }

  // ============================================================================================ notice

  describe('funding notice', () => {
    it('records a notice (201), reads it, replaces it with the version read (200), audited before and after', async () => {
      const id = await application(null);
      expect((await call('GET', `/api/v1/applications/${id}/notice`, asPeine)).status).toBe(404);
      const created = await call('PUT', `/api/v1/applications/${id}/notice`, asPeine, NOTICE);
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        applicationId: id,
        decision: 'approved',
        approvedCents: 12_000_000,
        periodStart: '2025-10-01',
        periodEnd: '2028-09-30',
        conditions: 'ANBest-P',
        issuedOn: '2025-09-15',
        fileNumber: 'LJA 41.3-2025/118',
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect((await call('GET', `/api/v1/applications/${id}/notice`, asPeine)).body).toEqual(created.body);

      // The notice is the application workflow's recordNotice: written with the status change and audited by its activity.
      const audit = await auditOf(created.body.id);
      expect(audit.map((e) => e.action)).toEqual(['funding_notice.created']);
      expect(audit[0]).toMatchObject({ actor: peineRef, subject_type: 'funding_notice', before: null, organisation_id: peine.id });
      expect(audit[0].after).toMatchObject({ id: created.body.id, applicationId: id, decision: 'approved', approvedCents: 12_000_000, periodStart: '2025-10-01', periodEnd: '2028-09-30', issuedOn: '2025-09-15' });
      const [status] = await db.dataSource.query(`SELECT status FROM funding_application WHERE id = $1`, [id]);
      expect(status.status).toBe('approved');
      const workflow = await call('GET', `/api/v1/applications/${id}/workflow`, asPeine);
      expect(workflow.body).toMatchObject({ status: 'approved', notice: { decision: 'approved', approvedCents: 12_000_000 } });
    });

    it('refuses to replace a recorded notice (409, the workflow planned its deadlines from it) and a version without a notice, writing nothing', async () => {
      const id = await application();
      const fresh = await application(null);
      const before = await rowCounts();
      for (const body of [NOTICE, { ...NOTICE, version: 1, decision: 'partly_approved', approvedCents: 7_999_999 }]) {
        const again = await call('PUT', `/api/v1/applications/${id}/notice`, asPeine, body);
        expect(again.status).toBe(409);
        expect(again.body).toMatchObject({ error: 'state_conflict', problems: [{ field: 'version', reason: 'a recorded notice is final' }] });
      }
      const versionWithoutNotice = await call('PUT', `/api/v1/applications/${fresh}/notice`, asPeine, { ...NOTICE, version: 3 });
      expect(versionWithoutNotice.status).toBe(409);
      expect(versionWithoutNotice.body.problems).toEqual([{ field: 'version', reason: 'expected none' }]);
      expect(await rowCounts()).toEqual(before);
      expect((await call('GET', `/api/v1/applications/${id}/notice`, asPeine)).body).toMatchObject({ approvedCents: 12_000_000, version: 1 });
    });

    it('refuses a notice for an application not submitted (409 with the workflow\'s reason), writing nothing', async () => {
      const draft = await createApplicationWithPlans(db.dataSource, peine);
      await submitThroughWorkflow(h, draft, '2025-09-01', 'draft');
      const before = await rowCounts();
      const res = await call('PUT', `/api/v1/applications/${draft.id}/notice`, asPeine, NOTICE);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ error: 'state_conflict', message: 'recordNotice: not possible in status draft (only in submitted)' });
      expect(await rowCounts()).toEqual(before);
      const [row] = await db.dataSource.query(`SELECT status, version FROM funding_application WHERE id = $1`, [draft.id]);
      expect(row).toEqual({ status: 'draft', version: draft.version });
    });

    it('checks the decision against the funder share of the current revision, naming the fields, writing nothing', async () => {
      const id = await application(null);
      const before = await rowCounts();
      const cases: Array<[object, Array<{ field: string; reason: string }>]> = [
        [{ approvedCents: 12_000_001 }, [{ field: 'approvedCents', reason: '120.000,01 € is more than the funder share requested in revision 1 (120.000,00 €)' }]],
        [{ decision: 'partly_approved', approvedCents: 12_000_000 }, [{ field: 'approvedCents', reason: 'a partial approval must be less than the funder share requested in revision 1 (120.000,00 €); the full amount is decision approved' }]],
        [{ approvedCents: 0 }, [{ field: 'approvedCents', reason: 'must be above 0 when the decision is approved' }]],
        [{ decision: 'rejected', approvedCents: 5 }, [
          { field: 'approvedCents', reason: 'must be 0 for a rejected application' },
          { field: 'periodStart', reason: 'a rejection has no Bewilligungszeitraum' },
          { field: 'periodEnd', reason: 'a rejection has no Bewilligungszeitraum' },
        ]],
        [{ periodStart: null, periodEnd: '2025-01-01' }, [{ field: 'periodStart', reason: 'is required when the decision is approved' }]],
        [{ periodEnd: '2025-09-30' }, [{ field: 'periodEnd', reason: 'must not be before periodStart (2025-10-01)' }]],
      ];
      for (const [over, problems] of cases) {
        const res = await call('PUT', `/api/v1/applications/${id}/notice`, asPeine, { ...NOTICE, ...over });
        expect(res.status).toBe(400);
        expect(res.body.problems).toEqual(problems);
      }
      const shape = await call('PUT', `/api/v1/applications/${id}/notice`, asPeine, { decision: 'granted', approvedCents: -1, issuedOn: '15.09.2025', periodStart: '2025-02-30', status: 'x' });
      expect(shape.status).toBe(400);
      expect(shape.body.problems.map((p: Json) => p.field)).toEqual(expect.arrayContaining(['decision', 'approvedCents', 'issuedOn', 'periodStart', 'status']));
      expect(await rowCounts()).toEqual(before);

      const rejected = await call('PUT', `/api/v1/applications/${id}/notice`, asPeine, { decision: 'rejected', approvedCents: 0, issuedOn: '2025-09-15' });
      expect(rejected.status).toBe(201);
      expect(rejected.body).toMatchObject({ decision: 'rejected', approvedCents: 0, periodStart: null, periodEnd: null, conditions: '', fileNumber: null });
    });

  });

  // ============================================================================================ disbursement requests

  describe('disbursement requests', () => {
    it('drafts requests with sequence numbers and the window end, lists them, audited', async () => {
      const id = await application();
      const first = await request(id);
      expect(first).toEqual({
        id: expect.any(String),
        applicationId: id,
        sequenceNo: 1,
        requestedOn: '2025-11-20',
        payoutDate: '2025-11-30',
        amountCents: 1_000_000,
        coversFrom: '2025-12-01',
        coversTo: '2026-01-30',
        windowEnd: '2026-01-30',
        status: 'draft',
        paidCents: 0,
        warnings: [],
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const second = await request(id, { payoutDate: '2026-01-31', coversFrom: '2026-02-01', coversTo: '2026-03-31' });
      expect(second).toMatchObject({ sequenceNo: 2, windowEnd: '2026-03-31', warnings: [] });
      const list = await call('GET', `/api/v1/applications/${id}/disbursement-requests`, asPeine);
      expect(list.status).toBe(200);
      expect(list.body).toEqual([first, second]);
      const audit = await auditOf(first.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor: peineRef, action: 'disbursement_request.created', subject_type: 'disbursement_request', before: null });
      expect(audit[0].after).toEqual(first);
    });

    it('warns about the two-month spending window to the day: payout 30.11.2025 covers payments due up to 30.01.2026', async () => {
      const id = await application();
      const late = await request(id, { coversTo: '2026-01-31' });
      expect(late.status).toBe('draft');
      expect(late.windowEnd).toBe('2026-01-30');
      expect(late.warnings).toEqual([
        { code: 'spending_window', field: 'coversTo', message: 'money paid out on 2025-11-30 may only cover payments due within 2 months, i.e. on or before 2026-01-30; coversTo is 2026-01-31' },
      ]);
      expect((await request(id, { coversTo: '2026-01-30' })).warnings).toEqual([]);
      // 31.12. + 2 months = 28.02. (no 31.02.): February's salary, due 28.02.2026, fits; 01.03. does not
      expect((await request(id, { payoutDate: '2025-12-31', coversTo: '2026-02-28' })).warnings).toEqual([]);
      expect((await request(id, { payoutDate: '2025-12-31', coversTo: '2026-03-01' })).warnings.map((w: Json) => w.code)).toEqual(['spending_window']);
      // and costs outside the Bewilligungszeitraum
      expect((await request(id, { coversFrom: '2025-09-30' })).warnings).toEqual([
        { code: 'outside_notice_period', field: 'coversFrom', message: 'coversFrom 2025-09-30 lies before the Bewilligungszeitraum (from 2025-10-01)' },
      ]);
      // the list carries the same warnings
      const listed = (await call('GET', `/api/v1/applications/${id}/disbursement-requests`, asPeine)).body;
      expect(listed.find((d: Json) => d.id === late.id).warnings.map((w: Json) => w.code)).toEqual(['spending_window']);
    });

    it("uses the programme's window (six weeks)", async () => {
      const programme = await createProgramme(db.dataSource, peine, { disbursementWindowUnit: 'weeks', disbursementWindowLength: 6 });
      const created = await createApplicationWithPlans(db.dataSource, peine, { programmeId: programme.id });
      const id = created.id;
      await submitThroughWorkflow(h, created, '2025-09-01');
      expect((await call('PUT', `/api/v1/applications/${id}/notice`, asPeine, NOTICE)).status).toBe(201);
      const res = await request(id, { coversTo: '2026-01-11' });
      expect(res.windowEnd).toBe('2026-01-11');
      expect(res.warnings).toEqual([]);
      expect((await request(id, { coversTo: '2026-01-12' })).warnings[0]).toMatchObject({ code: 'spending_window', message: expect.stringContaining('within 6 weeks, i.e. on or before 2026-01-11') });
    });

    it('refuses a request without an approved notice (409), and a sum beyond the approved amount (409 naming amountCents), writing nothing', async () => {
      const none = await application(null);
      const rejected = await application(null);
      await call('PUT', `/api/v1/applications/${rejected}/notice`, asPeine, { decision: 'rejected', approvedCents: 0, issuedOn: '2025-09-15' });
      const approved = await application({ decision: 'partly_approved', approvedCents: 3_000_000 });
      await request(approved, { amountCents: 2_000_000 });
      const before = await rowCounts();

      const noNotice = await call('POST', `/api/v1/applications/${none}/disbursement-requests`, asPeine, REQUEST);
      expect(noNotice.status).toBe(409);
      expect(noNotice.body).toMatchObject({ error: 'state_conflict', message: `application ${none} has no funding notice yet: money can only be called against an approved notice` });
      const onRejection = await call('POST', `/api/v1/applications/${rejected}/disbursement-requests`, asPeine, REQUEST);
      expect(onRejection.status).toBe(409);
      expect(onRejection.body.message).toContain('has been rejected');
      const tooMuch = await call('POST', `/api/v1/applications/${approved}/disbursement-requests`, asPeine, { ...REQUEST, amountCents: 1_000_001 });
      expect(tooMuch.status).toBe(409);
      expect(tooMuch.body).toMatchObject({ error: 'state_conflict', problems: [{ field: 'amountCents', reason: 'at most 10.000,00 € is left of the approved 30.000,00 €' }] });
      expect(await rowCounts()).toEqual(before);
      expect((await request(approved, { amountCents: 1_000_000 })).sequenceNo).toBe(2);
    });

    it('lets only one of two concurrent requests through when together they exceed the approved amount', async () => {
      const id = await application({ decision: 'partly_approved', approvedCents: 1_500_000 });
      const results = await Promise.all([1, 2].map(() => call('POST', `/api/v1/applications/${id}/disbursement-requests`, asPeine, REQUEST)));
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      expect((await call('GET', `/api/v1/applications/${id}/disbursement-requests`, asPeine)).body.map((d: Json) => d.sequenceNo)).toEqual([1]);
    });

    it('refuses bad input with the field and the reason', async () => {
      const id = await application();
      const shape = await call('POST', `/api/v1/applications/${id}/disbursement-requests`, asPeine, { requestedOn: '2025-11-31', payoutDate: 'morgen', amountCents: 0, coversFrom: '2025-12-01', status: 'sent' });
      expect(shape.status).toBe(400);
      expect(shape.body.problems).toEqual(
        expect.arrayContaining([
          { field: 'requestedOn', reason: 'requestedOn must be a valid calendar date' },
          { field: 'payoutDate', reason: 'payoutDate must be a date YYYY-MM-DD' },
          { field: 'amountCents', reason: 'amountCents must not be less than 1' },
          { field: 'coversTo', reason: 'coversTo must be a date YYYY-MM-DD' },
          { field: 'status', reason: 'property status should not exist' },
        ]),
      );
      const order = await call('POST', `/api/v1/applications/${id}/disbursement-requests`, asPeine, { ...REQUEST, coversTo: '2025-11-30', payoutDate: '2025-11-19' });
      expect(order.status).toBe(400);
      expect(order.body.problems).toEqual([
        { field: 'coversTo', reason: 'must not be before coversFrom (2025-12-01)' },
        { field: 'payoutDate', reason: 'must not be before requestedOn (2025-11-20)' },
      ]);
    });

    it('changes a draft with the version read (stale → 409), re-checks the approved sum, and refuses changes once sent', async () => {
      const id = await application({ decision: 'partly_approved', approvedCents: 2_000_000 });
      const d = await request(id, { coversTo: '2026-01-31' });
      expect(d.warnings).toHaveLength(1);
      const fixed = await call('PATCH', `/api/v1/disbursement-requests/${d.id}`, asPeine, { version: 1, coversTo: '2026-01-30', amountCents: 2_000_000 });
      expect(fixed.status).toBe(200);
      expect(fixed.body).toMatchObject({ coversTo: '2026-01-30', amountCents: 2_000_000, warnings: [], version: 2 });
      const stale = await call('PATCH', `/api/v1/disbursement-requests/${d.id}`, asPeine, { version: 1, amountCents: 1_000 });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ error: 'conflict', problems: [{ field: 'version', reason: 'expected 2' }] });
      const over = await call('PATCH', `/api/v1/disbursement-requests/${d.id}`, asPeine, { version: 2, amountCents: 2_000_001 });
      expect(over.status).toBe(409);
      expect(over.body.problems).toEqual([{ field: 'amountCents', reason: 'at most 20.000,00 € is left of the approved 20.000,00 €' }]);
      const bad = await call('PATCH', `/api/v1/disbursement-requests/${d.id}`, asPeine, { version: 2, coversFrom: '2026-02-01' });
      expect(bad.status).toBe(400);
      expect(bad.body.problems).toEqual([{ field: 'coversTo', reason: 'must not be before coversFrom (2026-02-01)' }]);
      const missingVersion = await call('PATCH', `/api/v1/disbursement-requests/${d.id}`, asPeine, { amountCents: 5 });
      expect(missingVersion.status).toBe(400);
      expect(new Set(missingVersion.body.problems.map((p: Json) => p.field))).toEqual(new Set(['version']));

      expect((await call('POST', `/api/v1/disbursement-requests/${d.id}/send`, asPeine, {})).body).toMatchObject({ status: 'sent', version: 3 });
      const afterSent = await call('PATCH', `/api/v1/disbursement-requests/${d.id}`, asPeine, { version: 3, amountCents: 1_000 });
      expect(afterSent.status).toBe(409);
      expect(afterSent.body).toMatchObject({ error: 'state_conflict', problems: [{ field: 'status', reason: 'the request is sent' }] });
      const audit = await auditOf(d.id);
      expect(audit.map((e) => e.action)).toEqual(['disbursement_request.created', 'disbursement_request.updated', 'disbursement_request.sent']);
      expect(audit[1]).toMatchObject({ before: { coversTo: '2026-01-31', version: 1 }, after: { coversTo: '2026-01-30', version: 2 } });
      expect(audit[2].reason).toBeNull();
    });

    it('refuses to send with a spending-window warning unless acknowledged, and records the acknowledgement', async () => {
      const id = await application();
      const d = await request(id, { coversTo: '2026-01-31' });
      for (const body of [undefined, {}, { acknowledgeWarnings: false }]) {
        const refused = await call('POST', `/api/v1/disbursement-requests/${d.id}/send`, asPeine, body);
        expect(refused.status).toBe(409);
        expect(refused.body.error).toBe('state_conflict');
        expect(refused.body.problems).toEqual([
          { field: 'coversTo', reason: d.warnings[0].message },
          { field: 'acknowledgeWarnings', reason: 'must be true to send despite spending_window' },
        ]);
      }
      expect((await call('GET', `/api/v1/applications/${id}/disbursement-requests`, asPeine)).body[0]).toMatchObject({ status: 'draft', version: 1 });
      const sent = await call('POST', `/api/v1/disbursement-requests/${d.id}/send`, asPeine, { acknowledgeWarnings: true });
      expect(sent.status).toBe(200);
      expect(sent.body).toMatchObject({ status: 'sent', version: 2, warnings: [{ code: 'spending_window' }] });
      const again = await call('POST', `/api/v1/disbursement-requests/${d.id}/send`, asPeine, { acknowledgeWarnings: true });
      expect(again.status).toBe(409);
      const audit = await auditOf(d.id);
      expect(audit.map((e) => [e.action, e.reason])).toEqual([
        ['disbursement_request.created', null],
        ['disbursement_request.sent', 'sent despite warnings: spending_window'],
      ]);
    });

    it('cancels a request: its amount no longer counts; cancelled or paid requests are final', async () => {
      const id = await application({ decision: 'partly_approved', approvedCents: 1_000_000 });
      const d = await request(id);
      const cancelled = await call('POST', `/api/v1/disbursement-requests/${d.id}/cancel`, asPeine, { reason: 'Betrag falsch' });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', version: 2 });
      expect((await call('POST', `/api/v1/disbursement-requests/${d.id}/cancel`, asPeine, {})).status).toBe(409);
      expect((await call('POST', `/api/v1/disbursement-requests/${d.id}/send`, asPeine, {})).status).toBe(409);
      expect((await call('PATCH', `/api/v1/disbursement-requests/${d.id}`, asPeine, { version: 2, amountCents: 5 })).status).toBe(409);
      const replacement = await request(id, { amountCents: 1_000_000 });
      expect(replacement.sequenceNo).toBe(2);
      expect((await auditOf(d.id)).map((e) => [e.action, e.reason])).toEqual([
        ['disbursement_request.created', null],
        ['disbursement_request.cancelled', 'Betrag falsch'],
      ]);
    });
  });

  // ============================================================================================ payments

  describe('payments', () => {
    it('books payments; the request becomes paid when they reach its amount, audited; a paid request cannot be cancelled', async () => {
      const id = await application();
      const d = await request(id, { amountCents: 1_000_000 });
      await call('POST', `/api/v1/disbursement-requests/${d.id}/send`, asPeine, {});
      const first = await call('POST', `/api/v1/applications/${id}/payments`, asPeine, { receivedOn: '2025-12-01', amountCents: 600_000, disbursementRequestId: d.id });
      expect(first.status).toBe(201);
      expect(first.body).toEqual({ id: expect.any(String), applicationId: id, disbursementRequestId: d.id, receivedOn: '2025-12-01', amountCents: 600_000, createdAt: expect.any(String) });
      expect((await call('GET', `/api/v1/applications/${id}/disbursement-requests`, asPeine)).body[0]).toMatchObject({ status: 'sent', paidCents: 600_000 });
      const second = await call('POST', `/api/v1/applications/${id}/payments`, asPeine, { receivedOn: '2025-12-03', amountCents: 400_000, disbursementRequestId: d.id });
      expect(second.status).toBe(201);
      expect((await call('GET', `/api/v1/applications/${id}/disbursement-requests`, asPeine)).body[0]).toMatchObject({ status: 'paid', paidCents: 1_000_000, version: 3 });
      const unassigned = await call('POST', `/api/v1/applications/${id}/payments`, asPeine, { receivedOn: '2025-11-15', amountCents: 5_000 });
      expect(unassigned.body).toMatchObject({ disbursementRequestId: null });
      expect((await call('GET', `/api/v1/applications/${id}/payments`, asPeine)).body.map((p: Json) => p.receivedOn)).toEqual(['2025-11-15', '2025-12-01', '2025-12-03']);

      const { createdAt: _createdAt, ...booked } = first.body;
      expect((await auditOf(first.body.id))[0]).toMatchObject({ action: 'payment.received', subject_type: 'payment_received', actor: peineRef, after: booked });
      const requestAudit = await auditOf(d.id);
      expect(requestAudit.map((e) => e.action)).toEqual(['disbursement_request.created', 'disbursement_request.sent', 'disbursement_request.paid']);
      expect(requestAudit[2]).toMatchObject({ before: { status: 'sent', paidCents: 600_000 }, after: { status: 'paid', paidCents: 1_000_000 }, reason: `payment ${second.body.id}` });
      const cancel = await call('POST', `/api/v1/disbursement-requests/${d.id}/cancel`, asPeine, {});
      expect(cancel.status).toBe(409);
      expect(cancel.body.problems).toEqual([{ field: 'status', reason: 'the request is paid' }]);
    });

    it('refuses unknown, foreign, other-application or unsent requests and bad amounts, naming the field, writing nothing', async () => {
      const id = await application();
      const other = await application();
      const draft = await request(id);
      const elsewhere = await request(other);
      const kasselApplication = await createFundingApplication(db.dataSource, kassel);
      const before = await rowCounts();
      for (const requestId of [UNKNOWN, elsewhere.id]) {
        const res = await call('POST', `/api/v1/applications/${id}/payments`, asPeine, { receivedOn: '2025-12-01', amountCents: 100, disbursementRequestId: requestId });
        expect(res.status).toBe(400);
        expect(res.body.problems).toEqual([{ field: 'disbursementRequestId', reason: `no disbursement request ${requestId} of application ${id}` }]);
      }
      const foreign = await call('POST', `/api/v1/applications/${kasselApplication.id}/payments`, asKassel, { receivedOn: '2025-12-01', amountCents: 100, disbursementRequestId: draft.id });
      expect(foreign.status).toBe(400);
      expect(foreign.body.problems[0].field).toBe('disbursementRequestId');
      const unsent = await call('POST', `/api/v1/applications/${id}/payments`, asPeine, { receivedOn: '2025-12-01', amountCents: 100, disbursementRequestId: draft.id });
      expect(unsent.status).toBe(409);
      expect(unsent.body.problems).toEqual([{ field: 'disbursementRequestId', reason: 'the request is draft' }]);
      const shape = await call('POST', `/api/v1/applications/${id}/payments`, asPeine, { receivedOn: '2025-12-32', amountCents: 0, disbursementRequestId: 'abc' });
      expect(shape.status).toBe(400);
      expect(shape.body.problems.map((p: Json) => p.field).sort()).toEqual(['amountCents', 'disbursementRequestId', 'receivedOn']);
      expect(await rowCounts()).toEqual(before);
    });
  });

  // ============================================================================================ receipts

  describe('receipts', () => {
    const RECEIPT = { receiptDate: '2026-01-31', payee: 'Bezügestelle', reason: 'Entgelt Januar 2026', amountCents: 512_345, costCategory: 'personnel', costPlanLabel: PERSONNEL };

    it('adds receipts with sequence numbers, reads one, audited; a credit note is negative', async () => {
      const id = await application(null);
      const res = await call('POST', `/api/v1/applications/${id}/receipts`, asPeine, { ...RECEIPT, payee: '  Bezügestelle ' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        applicationId: id,
        sequenceNo: 1,
        receiptDate: '2026-01-31',
        payee: 'Bezügestelle',
        reason: 'Entgelt Januar 2026',
        amountCents: 512_345,
        costCategory: 'personnel',
        costPlanLabel: PERSONNEL,
        createdAt: expect.any(String),
      });
      expect((await call('GET', `/api/v1/receipts/${res.body.id}`, asPeine)).body).toEqual(res.body);
      const credit = await call('POST', `/api/v1/applications/${id}/receipts`, asPeine, { ...RECEIPT, amountCents: -10_000, reason: 'Gutschrift' });
      expect(credit.body).toMatchObject({ sequenceNo: 2, amountCents: -10_000 });
      const audit = await auditOf(res.body.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor: peineRef, action: 'receipt.created', subject_type: 'receipt', before: null, after: res.body });
    });

    it('allocates sequence numbers without gaps or duplicates under concurrency', async () => {
      const id = await application(null);
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => call('POST', `/api/v1/applications/${id}/receipts`, asPeine, { ...RECEIPT, reason: `Beleg ${i}` })));
      expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
      expect(results.map((r) => r.body.sequenceNo).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    });

    it('refuses amount 0, unknown cost plan lines and bad input, naming the field, writing nothing', async () => {
      const id = await application(null);
      const before = await rowCounts();
      const unknownLine = await call('POST', `/api/v1/applications/${id}/receipts`, asPeine, { ...RECEIPT, costCategory: 'material' });
      expect(unknownLine.status).toBe(400);
      expect(unknownLine.body.problems).toEqual([{ field: 'costPlanLabel', reason: `no cost plan line "${PERSONNEL}" of category material in revision 1 of the application` }]);
      const shape = await call('POST', `/api/v1/applications/${id}/receipts`, asPeine, { receiptDate: '2026-02-30', payee: '', reason: 'x', amountCents: 0, costCategory: 'travel', costPlanLabel: PERSONNEL, sequenceNo: 7 });
      expect(shape.status).toBe(400);
      expect(shape.body.problems).toEqual(
        expect.arrayContaining([
          { field: 'receiptDate', reason: 'receiptDate must be a valid calendar date' },
          { field: 'payee', reason: 'payee should not be empty' },
          { field: 'amountCents', reason: 'amountCents must not be 0' },
          { field: 'costCategory', reason: 'costCategory must be one of the following values: personnel, material, other' },
          { field: 'sequenceNo', reason: 'property sequenceNo should not exist' },
        ]),
      );
      const blank = await call('POST', `/api/v1/applications/${id}/receipts`, asPeine, { ...RECEIPT, payee: '   ' });
      expect(blank.body.problems).toEqual([{ field: 'payee', reason: 'payee must not be blank' }]);
      expect(await rowCounts()).toEqual(before);
    });

    it('lists receipts paginated, filtered by date range and category, sorted by sequence number or date', async () => {
      const id = await application(null);
      const specs = [
        { receiptDate: '2026-03-31', costCategory: 'personnel', costPlanLabel: PERSONNEL },
        { receiptDate: '2026-01-15', costCategory: 'material', costPlanLabel: 'Sachkosten Netzwerktreffen' },
        { receiptDate: '2026-02-28', costCategory: 'personnel', costPlanLabel: PERSONNEL },
        { receiptDate: '2026-01-31', costCategory: 'personnel', costPlanLabel: PERSONNEL },
      ];
      for (const s of specs) expect((await call('POST', `/api/v1/applications/${id}/receipts`, asPeine, { ...RECEIPT, ...s })).status).toBe(201);
      const list = async (query: string) => {
        const res = await call('GET', `/api/v1/applications/${id}/receipts${query}`, asPeine);
        expect(res.status).toBe(200);
        return res.body;
      };
      const all = await list('');
      expect(all).toMatchObject({ total: 4, limit: 50, offset: 0 });
      expect(all.items.map((r: Json) => r.sequenceNo)).toEqual([1, 2, 3, 4]);
      expect((await list('?sort=receiptDate')).items.map((r: Json) => r.receiptDate)).toEqual(['2026-01-15', '2026-01-31', '2026-02-28', '2026-03-31']);
      expect((await list('?sort=-sequenceNo&limit=2&offset=1')).items.map((r: Json) => r.sequenceNo)).toEqual([3, 2]);
      const filtered = await list('?from=2026-01-31&to=2026-03-30&category=personnel');
      expect(filtered.total).toBe(2);
      expect(filtered.items.map((r: Json) => r.receiptDate)).toEqual(['2026-02-28', '2026-01-31']);
      expect((await list('?category=material')).items.map((r: Json) => r.sequenceNo)).toEqual([2]);
      for (const [query, field] of [['?from=2026-13-01', 'from'], ['?from=2026-03-01&to=2026-02-01', 'to'], ['?category=travel', 'category'], ['?sort=payee', 'sort']]) {
        const res = await call('GET', `/api/v1/applications/${id}/receipts${query}`, asPeine);
        expect(res.status).toBe(400);
        expect(res.body.problems.map((p: Json) => p.field)).toContain(field);
      }
    });
  });

  // ============================================================================================ atomicity, tenants

  it('writes nothing when a transaction fails half-way (here: the audit event), on every kind of write', async () => {
    const id = await application();
    const d = await request(id);
    const before = await rowCounts();
    // The notice and payments are written by the application workflow's activity (status, row and
    // audit in one transaction of the worker), not by the api's AuditService: not in this list.
    const writes: Array<[Method, string, object]> = [
      ['POST', `/api/v1/applications/${id}/disbursement-requests`, REQUEST],
      ['PATCH', `/api/v1/disbursement-requests/${d.id}`, { version: 1, amountCents: 5 }],
      ['POST', `/api/v1/disbursement-requests/${d.id}/send`, {}],
      ['POST', `/api/v1/disbursement-requests/${d.id}/cancel`, {}],
      ['POST', `/api/v1/applications/${id}/receipts`, { receiptDate: '2026-01-31', payee: 'x', reason: 'y', amountCents: 1, costCategory: 'personnel', costPlanLabel: PERSONNEL }],
    ];
    for (const [method, url, payload] of writes) {
      const spy = jest.spyOn(AuditService.prototype, 'record').mockRejectedValueOnce(new Error('audit store down'));
      const res = await call(method, url, asPeine, payload);
      spy.mockRestore();
      expect(res.status).toBe(500);
      expect(res.body).toMatchObject({ error: 'internal_error', errorId: expect.any(String) });
    }
    expect(await rowCounts()).toEqual(before);
    expect((await call('GET', `/api/v1/applications/${id}/notice`, asPeine)).body).toMatchObject({ approvedCents: 12_000_000, version: 1 });
    expect((await call('GET', `/api/v1/applications/${id}/disbursement-requests`, asPeine)).body).toEqual([d]);
  });

  it("gives another organisation 404 on every route of Peine's records, and writes nothing", async () => {
    const id = await application();
    const d = await request(id);
    const receipt = (await call('POST', `/api/v1/applications/${id}/receipts`, asPeine, { receiptDate: '2026-01-31', payee: 'x', reason: 'y', amountCents: 1, costCategory: 'personnel', costPlanLabel: PERSONNEL })).body;
    const before = await rowCounts();
    const attempts: Array<[Method, string, string, object?]> = [
      ['PUT', `/api/v1/applications/${id}/notice`, `application ${id}`, { ...NOTICE, version: 1 }],
      ['GET', `/api/v1/applications/${id}/notice`, `application ${id}`],
      ['POST', `/api/v1/applications/${id}/disbursement-requests`, `application ${id}`, REQUEST],
      ['GET', `/api/v1/applications/${id}/disbursement-requests`, `application ${id}`],
      ['PATCH', `/api/v1/disbursement-requests/${d.id}`, `disbursement request ${d.id}`, { version: 1, amountCents: 5 }],
      ['POST', `/api/v1/disbursement-requests/${d.id}/send`, `disbursement request ${d.id}`, { acknowledgeWarnings: true }],
      ['POST', `/api/v1/disbursement-requests/${d.id}/cancel`, `disbursement request ${d.id}`, {}],
      ['POST', `/api/v1/applications/${id}/payments`, `application ${id}`, { receivedOn: '2025-12-01', amountCents: 100 }],
      ['GET', `/api/v1/applications/${id}/payments`, `application ${id}`],
      ['POST', `/api/v1/applications/${id}/receipts`, `application ${id}`, { receiptDate: '2026-01-31', payee: 'x', reason: 'y', amountCents: 1, costCategory: 'personnel', costPlanLabel: PERSONNEL }],
      ['GET', `/api/v1/applications/${id}/receipts`, `application ${id}`],
      ['GET', `/api/v1/receipts/${receipt.id}`, `receipt ${receipt.id}`],
    ];
    for (const [method, url, what, payload] of attempts) {
      const foreign = await call(method, url, asKassel, payload);
      expect([url, foreign.status]).toEqual([url, 404]);
      expect(foreign.body).toMatchObject({ error: 'not_found', message: `${what} not found` });
    }
    for (const bad of [UNKNOWN, 'kein-antrag']) {
      expect((await call('GET', `/api/v1/applications/${bad}/notice`, asPeine)).status).toBe(404);
      expect((await call('POST', `/api/v1/disbursement-requests/${bad}/send`, asPeine, {})).status).toBe(404);
      expect((await call('GET', `/api/v1/receipts/${bad}`, asPeine)).status).toBe(404);
    }
    expect(await rowCounts()).toEqual(before);
    expect((await call('GET', `/api/v1/applications/${id}/disbursement-requests`, asPeine)).body).toEqual([d]);
    expect((await call('GET', `/api/v1/audit-events?subjectId=${d.id}`, asKassel)).body).toMatchObject({ total: 0, items: [] });
  });
});
