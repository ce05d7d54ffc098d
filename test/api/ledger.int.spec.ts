import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OrganisationEntity } from '@app/database';
import { AuditService } from '../../apps/api/src/audit/audit.service';
import { ApiHarness, Json, Method, apiRequest, startApiHarness } from '../support/api-harness';
import type { TestDatabase } from '../support/database';
import { createAccount, createBudgetLine, createBudgetProduct } from '../support/factories';

/**
 * The append-only ledger through the API: bookings (idempotent with an Idempotency-Key),
 * reversals, the budget line summary to the cent, and what the database itself refuses.
 */
describe('ledger API', () => {
  let db: TestDatabase;
  let h: ApiHarness;
  let api: NestFastifyApplication;
  let peine: OrganisationEntity;
  let kassel: OrganisationEntity;
  let asPeine: Record<string, string>;
  let asKassel: Record<string, string>;
  let peineRef: string;

  beforeAll(async () => {
    h = await startApiHarness('ledger-test', { users: { subject: 'kaemmerei-1', roles: ['finance'] } });
    ({ db, api } = h);
    ({ org: peine, headers: asPeine, ref: peineRef } = h.peine);
    ({ org: kassel, headers: asKassel } = h.kassel);
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await h?.close();
  });

  const call = (method: Method, url: string, headers: Record<string, string>, payload?: unknown) => apiRequest(api, method, url, headers, payload);

  const book = (headers: Record<string, string>, entry: Record<string, unknown>) => call('POST', '/api/v1/ledger-entries', headers, entry);

  async function ledgerRows(where = 'true', params: unknown[] = []): Promise<number> {
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM ledger_entry WHERE ${where}`, params);
    return n;
  }

  async function auditCount(): Promise<number> {
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM audit_event`);
    return n;
  }

  describe('booking and the summary of a budget line', () => {
    it('books entries, audits each, and sums plan, commitments, actuals and reimbursements to the cent after a reversal', async () => {
      const product = await createBudgetProduct(db.dataSource, peine, { number: '3636', name: 'übrige Hilfen' });
      const pay = await createAccount(db.dataSource, peine, { number: '620010', kind: 'expense' });
      const grant = await createAccount(db.dataSource, peine, { number: '541100', kind: 'revenue' });
      const expense = await createBudgetLine(db.dataSource, peine, { productId: product.id, accountId: pay.id, fiscalYear: 2026, plannedCents: 5670000 });
      const revenue = await createBudgetLine(db.dataSource, peine, { productId: product.id, accountId: grant.id, fiscalYear: 2026, plannedCents: 4536000 });

      const commitment = await book(asPeine, { budgetLineId: expense.id, bookedOn: '2026-01-05', kind: 'commitment', amountCents: 5103012, text: 'Mittelbindung Stelle 2026' });
      expect(commitment.status).toBe(201);
      const march = await book(asPeine, { budgetLineId: expense.id, bookedOn: '2026-03-31', kind: 'actual', amountCents: 412345, text: 'Entgelt März', reference: 'position:p1:2026-03' });
      expect(march.status).toBe(201);
      expect(march.body).toEqual({
        id: expect.stringMatching(/^\d+$/),
        budgetLineId: expense.id,
        bookedOn: '2026-03-31',
        kind: 'actual',
        amountCents: 412345,
        text: 'Entgelt März',
        reference: 'position:p1:2026-03',
        reversesId: null,
        reversedById: null,
        createdBy: peineRef,
        createdAt: expect.any(String),
      });
      const wrong = await book(asPeine, { budgetLineId: expense.id, bookedOn: '2026-04-30', kind: 'actual', amountCents: 999999, text: 'Entgelt April (falsch)' });
      const reversal = await call('POST', `/api/v1/ledger-entries/${wrong.body.id}/reversal`, asPeine, { reason: 'falscher Betrag', bookedOn: '2026-05-02' });
      expect(reversal.status).toBe(201);
      const april = await book(asPeine, { budgetLineId: expense.id, bookedOn: '2026-04-30', kind: 'actual', amountCents: 412346, text: 'Entgelt April' });
      expect(april.status).toBe(201);

      await book(asPeine, { budgetLineId: revenue.id, bookedOn: '2026-03-31', kind: 'reimbursement', amountCents: 329876, text: 'Erstattung März' });
      await book(asPeine, { budgetLineId: revenue.id, bookedOn: '2026-04-30', kind: 'reimbursement', amountCents: 329877, text: 'Erstattung April' });

      const expenseSummary = await call('GET', `/api/v1/budget-lines/${expense.id}/summary`, asPeine);
      expect(expenseSummary.status).toBe(200);
      expect(expenseSummary.body).toEqual({
        budgetLineId: expense.id,
        fiscalYear: 2026,
        accountKind: 'expense',
        plannedCents: 5670000,
        committedCents: 5103012,
        actualCents: 412345 + 412346, // 999999 booked and reversed: cancelled
        reimbursementsCents: 0,
        varianceCents: 5670000 - 824691, // expense: plan − actual
        entryCount: 5,
      });
      const revenueSummary = await call('GET', `/api/v1/budget-lines/${revenue.id}/summary`, asPeine);
      expect(revenueSummary.body).toEqual({
        budgetLineId: revenue.id,
        fiscalYear: 2026,
        accountKind: 'revenue',
        plannedCents: 4536000,
        committedCents: 0,
        actualCents: 0,
        reimbursementsCents: 659753,
        varianceCents: 4536000 - 659753, // revenue: plan − reimbursements
        entryCount: 2,
      });

      const audit = await db.dataSource.query(`SELECT actor, action, subject_id, after, request_id FROM audit_event WHERE subject_id = $1`, [march.body.id]);
      expect(audit).toEqual([{ actor: peineRef, action: 'ledger_entry.booked', subject_id: march.body.id, after: march.body, request_id: expect.any(String) }]);
      expect((await call('GET', `/api/v1/ledger-entries/${march.body.id}`, asPeine)).body).toEqual(march.body);
    });

    it('refuses amounts that are not non-zero safe integers of cents, and other bad input, naming the field; writes nothing', async () => {
      const line = await createBudgetLine(db.dataSource, peine);
      const rows = await ledgerRows();
      const audits = await auditCount();
      const base = { budgetLineId: line.id, bookedOn: '2026-03-31', kind: 'actual', text: 'x' };
      for (const [amountCents, reason] of [
        [0, 'amountCents must not be 0'],
        [1.5, 'amountCents must be an integer number'],
        ['100', 'amountCents must be an integer number'],
        [9007199254740992, 'amountCents must not be greater than 9007199254740991'],
        [-9007199254740992, 'amountCents must not be less than -9007199254740991'],
      ] as const) {
        const res = await book(asPeine, { ...base, amountCents });
        expect(res.status).toBe(400);
        expect(res.body.problems).toContainEqual({ field: 'amountCents', reason });
      }
      const bad = await book(asPeine, { budgetLineId: 'x', bookedOn: '2026-02-30', kind: 'refund', amountCents: 1, text: '', reversesId: '1' });
      expect(bad.status).toBe(400);
      expect(bad.body.problems).toEqual(
        expect.arrayContaining([
          { field: 'budgetLineId', reason: 'budgetLineId must be a UUID' },
          { field: 'bookedOn', reason: 'bookedOn must be a valid calendar date' },
          { field: 'kind', reason: 'kind must be one of the following values: commitment, actual, reimbursement' },
          { field: 'text', reason: 'text should not be empty' },
          { field: 'reversesId', reason: 'property reversesId should not exist' },
        ]),
      );
      const unknownLine = await book(asPeine, { ...base, budgetLineId: '00000000-0000-4000-8000-000000000000', amountCents: 1 });
      expect(unknownLine.status).toBe(400);
      expect(unknownLine.body.problems).toEqual([{ field: 'budgetLineId', reason: 'no budget line 00000000-0000-4000-8000-000000000000 in your organisation' }]);
      const badKey = await call('POST', '/api/v1/ledger-entries', { ...asPeine, 'idempotency-key': 'mit Leerzeichen' }, { ...base, amountCents: 1 });
      expect(badKey.status).toBe(400);
      expect(badKey.body.problems).toEqual([{ field: 'Idempotency-Key', reason: 'must be 1 to 200 printable ASCII characters without spaces' }]);

      expect(await ledgerRows()).toBe(rows);
      expect(await auditCount()).toBe(audits);
    });

    it('writes nothing, neither entry nor audit event, when the transaction fails half-way', async () => {
      const line = await createBudgetLine(db.dataSource, peine);
      const audit = api.get(AuditService, { strict: false });
      const spy = jest.spyOn(audit, 'record').mockRejectedValueOnce(new Error('audit store down'));
      const headers = { ...asPeine, 'idempotency-key': 'half-way-1' };
      const entry = { budgetLineId: line.id, bookedOn: '2026-06-30', kind: 'actual', amountCents: 4711, text: 'Entgelt Juni' };

      const failed = await call('POST', '/api/v1/ledger-entries', headers, entry);
      expect(failed.status).toBe(500);
      expect(failed.body).toMatchObject({ error: 'internal_error', errorId: expect.any(String) });
      expect(failed.body.message).not.toContain('audit store down');
      expect(spy).toHaveBeenCalledTimes(1);
      expect(await ledgerRows('budget_line_id = $1', [line.id])).toBe(0);

      // The retry under the same key books for the first time (201): the failed attempt left no trace.
      const retried = await call('POST', '/api/v1/ledger-entries', headers, entry);
      expect(retried.status).toBe(201);
      expect(await ledgerRows('budget_line_id = $1', [line.id])).toBe(1);
      spy.mockRestore();
    });
  });

  describe('Idempotency-Key', () => {
    it('books a retried POST once and answers the retry with 200 and the same entry', async () => {
      const line = await createBudgetLine(db.dataSource, peine);
      const headers = { ...asPeine, 'idempotency-key': 'lohnlauf-2026-03-stelle-7' };
      const entry = { budgetLineId: line.id, bookedOn: '2026-03-31', kind: 'actual', amountCents: 412345, text: 'Entgelt März' };
      const first = await call('POST', '/api/v1/ledger-entries', headers, entry);
      expect(first.status).toBe(201);
      const retry = await call('POST', '/api/v1/ledger-entries', headers, entry);
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(first.body);

      expect(await ledgerRows('budget_line_id = $1', [line.id])).toBe(1);
      const [{ dedup_key }] = await db.dataSource.query(`SELECT dedup_key FROM ledger_entry WHERE id = $1`, [first.body.id]);
      expect(dedup_key).toBe(`api:${peine.id}:lohnlauf-2026-03-stelle-7`);
      expect(await db.dataSource.query(`SELECT action FROM audit_event WHERE subject_type = 'ledger_entry' AND subject_id = $1`, [first.body.id])).toEqual([
        { action: 'ledger_entry.booked' },
      ]);
      const list = await call('GET', `/api/v1/ledger-entries?budgetLineId=${line.id}`, asPeine);
      expect(list.body.total).toBe(1);

      // The same key for a different booking is refused, and nothing is written.
      const other = await call('POST', '/api/v1/ledger-entries', headers, { ...entry, amountCents: 412346 });
      expect(other.status).toBe(409);
      expect(other.body).toMatchObject({ error: 'conflict', problems: [{ field: 'Idempotency-Key', reason: 'already used for a different booking' }] });
      expect(await ledgerRows('budget_line_id = $1', [line.id])).toBe(1);
    });

    it('books once when two requests with the same key race', async () => {
      const line = await createBudgetLine(db.dataSource, peine);
      const headers = { ...asPeine, 'idempotency-key': 'race-1' };
      const entry = { budgetLineId: line.id, bookedOn: '2026-03-31', kind: 'actual', amountCents: 100, text: 'parallel' };
      const results = await Promise.all([1, 2, 3].map(() => call('POST', '/api/v1/ledger-entries', headers, entry)));
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201]);
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
      expect(await ledgerRows('budget_line_id = $1', [line.id])).toBe(1);
    });

    it('books twice without a key, and keeps the keys of two organisations apart', async () => {
      const line = await createBudgetLine(db.dataSource, peine);
      const entry = { budgetLineId: line.id, bookedOn: '2026-03-31', kind: 'actual', amountCents: 100, text: 'ohne Schlüssel' };
      const [a, b] = [await book(asPeine, entry), await book(asPeine, entry)];
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(a.body.id).not.toBe(b.body.id);

      const kasselLine = await createBudgetLine(db.dataSource, kassel);
      const shared = 'rechnung-1';
      const ofPeine = await call('POST', '/api/v1/ledger-entries', { ...asPeine, 'idempotency-key': shared }, entry);
      const ofKassel = await call('POST', '/api/v1/ledger-entries', { ...asKassel, 'idempotency-key': shared }, { ...entry, budgetLineId: kasselLine.id });
      expect([ofPeine.status, ofKassel.status]).toEqual([201, 201]);
      expect(ofKassel.body.budgetLineId).toBe(kasselLine.id);
      expect(ofKassel.body.id).not.toBe(ofPeine.body.id);
    });
  });

  describe('reversal', () => {
    it('reverses an entry once with the negated amount on the same line and kind; refuses a second reversal and reversing a reversal', async () => {
      const line = await createBudgetLine(db.dataSource, peine);
      const original = await book(asPeine, { budgetLineId: line.id, bookedOn: '2026-02-28', kind: 'reimbursement', amountCents: 250050, text: 'Erstattung Februar', reference: 'bescheid-17' });
      const before = await auditCount();

      const reversal = await call('POST', `/api/v1/ledger-entries/${original.body.id}/reversal`, asPeine, { reason: 'doppelt gebucht' });
      expect(reversal.status).toBe(201);
      expect(reversal.body).toMatchObject({
        budgetLineId: line.id,
        kind: 'reimbursement',
        amountCents: -250050,
        reversesId: original.body.id,
        reversedById: null,
        reference: 'bescheid-17',
        text: `Storno von Buchung ${original.body.id}: doppelt gebucht`,
        createdBy: peineRef,
      });
      expect(reversal.body.bookedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect((await call('GET', `/api/v1/ledger-entries/${original.body.id}`, asPeine)).body).toMatchObject({ reversedById: reversal.body.id, amountCents: 250050 });

      const audit = await db.dataSource.query(`SELECT action, actor, reason, before, after FROM audit_event WHERE subject_id = $1`, [reversal.body.id]);
      expect(audit).toEqual([{ action: 'ledger_entry.reversed', actor: peineRef, reason: 'doppelt gebucht', before: { ...original.body }, after: reversal.body }]);

      const second = await call('POST', `/api/v1/ledger-entries/${original.body.id}/reversal`, asPeine, { reason: 'nochmal' });
      expect(second.status).toBe(409);
      expect(second.body).toMatchObject({ error: 'state_conflict', message: `ledger entry ${original.body.id} is already reversed by entry ${reversal.body.id}` });
      const ofReversal = await call('POST', `/api/v1/ledger-entries/${reversal.body.id}/reversal`, asPeine, { reason: 'Storno vom Storno' });
      expect(ofReversal.status).toBe(409);
      expect(ofReversal.body.error).toBe('state_conflict');

      expect(await auditCount()).toBe(before + 1);
      expect(await ledgerRows('budget_line_id = $1', [line.id])).toBe(2);
    });

    it('lets exactly one of two concurrent reversals through', async () => {
      const line = await createBudgetLine(db.dataSource, peine);
      const original = await book(asPeine, { budgetLineId: line.id, bookedOn: '2026-02-28', kind: 'actual', amountCents: 777, text: 'x' });
      const results = await Promise.all(['eins', 'zwei'].map((reason) => call('POST', `/api/v1/ledger-entries/${original.body.id}/reversal`, asPeine, { reason })));
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(await ledgerRows('reverses_id = $1', [original.body.id])).toBe(1);
    });

    it('needs a reason, and answers 404 for an unknown or malformed id', async () => {
      const line = await createBudgetLine(db.dataSource, peine);
      const original = await book(asPeine, { budgetLineId: line.id, bookedOn: '2026-02-28', kind: 'actual', amountCents: 1, text: 'x' });
      const noReason = await call('POST', `/api/v1/ledger-entries/${original.body.id}/reversal`, asPeine, {});
      expect(noReason.status).toBe(400);
      expect(noReason.body.problems).toContainEqual({ field: 'reason', reason: 'reason should not be empty' });
      for (const id of ['999999999', 'abc', '99999999999999999999']) {
        const res = await call('POST', `/api/v1/ledger-entries/${id}/reversal`, asPeine, { reason: 'x' });
        expect(res.status).toBe(404);
        expect((await call('GET', `/api/v1/ledger-entries/${id}`, asPeine)).status).toBe(404);
      }
    });
  });

  describe('listing', () => {
    it('filters by line, product, account, fiscal year, kind, date range and reference; sorts and paginates', async () => {
      const product = await createBudgetProduct(db.dataSource, peine, { number: 'L-1' });
      const otherProduct = await createBudgetProduct(db.dataSource, peine, { number: 'L-2' });
      const account = await createAccount(db.dataSource, peine);
      const l2026 = await createBudgetLine(db.dataSource, peine, { productId: product.id, accountId: account.id, fiscalYear: 2026 });
      const l2027 = await createBudgetLine(db.dataSource, peine, { productId: product.id, accountId: account.id, fiscalYear: 2027 });
      const elsewhere = await createBudgetLine(db.dataSource, peine, { productId: otherProduct.id, accountId: account.id, fiscalYear: 2026 });
      const ids: Record<string, string> = {};
      for (const [name, budgetLineId, bookedOn, kind, amountCents, reference] of [
        ['jan', l2026.id, '2026-01-31', 'actual', 300, 'r-1'],
        ['feb', l2026.id, '2026-02-28', 'actual', 100, 'r-2'],
        ['febC', l2026.id, '2026-02-28', 'commitment', 200, null],
        ['mar', l2026.id, '2026-03-31', 'actual', 400, 'r-1'],
        ['next', l2027.id, '2027-01-31', 'actual', 500, null],
        ['other', elsewhere.id, '2026-02-28', 'actual', 600, null],
      ] as const) {
        const res = await book(asPeine, { budgetLineId, bookedOn, kind, amountCents, text: name, reference });
        expect(res.status).toBe(201);
        ids[name] = res.body.id;
      }
      const names = (body: Json) => body.items.map((e: Json) => e.text);
      const get = async (query: string) => {
        const res = await call('GET', `/api/v1/ledger-entries?${query}`, asPeine);
        expect(res.status).toBe(200);
        return res.body;
      };

      expect(names(await get(`budgetLineId=${l2026.id}`))).toEqual(['jan', 'feb', 'febC', 'mar']);
      expect(names(await get(`productId=${product.id}&sort=-bookedOn`))).toEqual(['next', 'mar', 'feb', 'febC', 'jan']);
      expect(names(await get(`accountId=${account.id}&fiscalYear=2026&sort=amountCents`))).toEqual(['feb', 'febC', 'jan', 'mar', 'other']);
      expect(names(await get(`productId=${product.id}&fiscalYear=2027`))).toEqual(['next']);
      expect(names(await get(`budgetLineId=${l2026.id}&kind=commitment`))).toEqual(['febC']);
      expect(names(await get(`accountId=${account.id}&bookedFrom=2026-02-01&bookedTo=2026-02-28`))).toEqual(['feb', 'febC', 'other']);
      expect(names(await get(`budgetLineId=${l2026.id}&reference=r-1`))).toEqual(['jan', 'mar']);
      expect(names(await get(`budgetLineId=${l2026.id}&sort=-id`))).toEqual(['mar', 'febC', 'feb', 'jan']);

      const page = await get(`accountId=${account.id}&sort=bookedOn&limit=2&offset=2`);
      expect(page).toMatchObject({ total: 6, limit: 2, offset: 2 });
      expect(names(page)).toEqual(['febC', 'other']); // same day: by id

      const badSort = await call('GET', '/api/v1/ledger-entries?sort=text', asPeine);
      expect(badSort.status).toBe(400);
      expect(badSort.body.problems).toEqual([{ field: 'sort', reason: 'cannot sort by "text"; allowed: bookedOn, id, amountCents' }]);
      const badRange = await call('GET', '/api/v1/ledger-entries?bookedFrom=2026-03-01&bookedTo=2026-02-01', asPeine);
      expect(badRange.status).toBe(400);
      expect(badRange.body.problems).toEqual([{ field: 'bookedTo', reason: 'bookedTo must not be before bookedFrom' }]);
      const badKind = await call('GET', '/api/v1/ledger-entries?kind=refund&bookedFrom=2026-13-01', asPeine);
      expect(badKind.body.problems.map((p: Json) => p.field).sort()).toEqual(['bookedFrom', 'kind']);
      expect(ids.jan).toMatch(/^\d+$/);
    });
  });

  describe('tenant isolation', () => {
    it("never shows another organisation's entries and cannot book onto or reverse them", async () => {
      const line = await createBudgetLine(db.dataSource, peine, { plannedCents: 1000 });
      const entry = await book(asPeine, { budgetLineId: line.id, bookedOn: '2026-03-31', kind: 'actual', amountCents: 250, text: 'Peine' });
      const rows = await ledgerRows();
      const audits = await auditCount();

      const foreign = await call('GET', `/api/v1/ledger-entries/${entry.body.id}`, asKassel);
      const missing = await call('GET', '/api/v1/ledger-entries/999999999', asKassel);
      expect(foreign.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(foreign.body.error).toBe(missing.body.error);

      const list = await call('GET', '/api/v1/ledger-entries?limit=200', asKassel);
      expect(list.body.items.map((e: Json) => e.id)).not.toContain(entry.body.id);
      expect((await call('GET', `/api/v1/ledger-entries?budgetLineId=${line.id}`, asKassel)).body).toMatchObject({ total: 0, items: [] });

      const onto = await book(asKassel, { budgetLineId: line.id, bookedOn: '2026-03-31', kind: 'actual', amountCents: 1, text: 'fremd' });
      const ontoUnknown = await book(asKassel, { budgetLineId: '00000000-0000-4000-8000-000000000000', bookedOn: '2026-03-31', kind: 'actual', amountCents: 1, text: 'fremd' });
      expect(onto.status).toBe(400);
      expect(onto.body.problems).toEqual([{ field: 'budgetLineId', reason: `no budget line ${line.id} in your organisation` }]);
      expect(ontoUnknown.status).toBe(400);
      expect(ontoUnknown.body.problems).toEqual([{ field: 'budgetLineId', reason: 'no budget line 00000000-0000-4000-8000-000000000000 in your organisation' }]);

      const reverse = await call('POST', `/api/v1/ledger-entries/${entry.body.id}/reversal`, asKassel, { reason: 'fremd' });
      expect(reverse.status).toBe(404);
      expect((await call('GET', `/api/v1/budget-lines/${line.id}/summary`, asKassel)).status).toBe(404);

      expect(await ledgerRows()).toBe(rows);
      expect(await auditCount()).toBe(audits);
      expect((await call('GET', `/api/v1/budget-lines/${line.id}/summary`, asPeine)).body).toMatchObject({ actualCents: 250, varianceCents: 750 });
    });
  });

  describe('append-only', () => {
    it('has no routes that change or remove an entry', async () => {
      const line = await createBudgetLine(db.dataSource, peine);
      const entry = await book(asPeine, { budgetLineId: line.id, bookedOn: '2026-03-31', kind: 'actual', amountCents: 5, text: 'fest' });
      for (const method of ['PATCH', 'PUT', 'DELETE'] as const) {
        const res = await call(method, `/api/v1/ledger-entries/${entry.body.id}`, asPeine, method === 'DELETE' ? undefined : { amountCents: 6 });
        expect(res.status).toBe(404);
      }
      expect((await call('GET', `/api/v1/ledger-entries/${entry.body.id}`, asPeine)).body).toEqual(entry.body);
    });

    it('is enforced by the database: UPDATE, DELETE, TRUNCATE and a reversal that does not negate are refused', async () => {
      const line = await createBudgetLine(db.dataSource, peine);
      const entry = await book(asPeine, { budgetLineId: line.id, bookedOn: '2026-03-31', kind: 'actual', amountCents: 1234, text: 'fest' });

      await expect(db.dataSource.query(`UPDATE ledger_entry SET amount_cents = 1 WHERE id = $1`, [entry.body.id])).rejects.toThrow(/append-only: UPDATE is not allowed/);
      await expect(db.dataSource.query(`DELETE FROM ledger_entry WHERE id = $1`, [entry.body.id])).rejects.toThrow(/append-only: DELETE is not allowed/);
      await expect(db.dataSource.query(`TRUNCATE ledger_entry CASCADE`)).rejects.toThrow(/append-only: TRUNCATE is not allowed/);
      await expect(
        db.dataSource.query(
          `INSERT INTO ledger_entry (organisation_id, budget_line_id, booked_on, kind, amount_cents, text, reverses_id, dedup_key, created_by)
           VALUES ($1, $2, '2026-04-01', 'actual', -1000, 'halber Storno', $3, 'test:half', 'test')`,
          [peine.id, line.id, entry.body.id],
        ),
      ).rejects.toThrow(/does not negate it/);

      const [stored] = await db.dataSource.query(`SELECT amount_cents FROM ledger_entry WHERE id = $1`, [entry.body.id]);
      expect(stored).toEqual({ amount_cents: '1234' });
      expect(await ledgerRows('budget_line_id = $1', [line.id])).toBe(1);
    });
  });
});
