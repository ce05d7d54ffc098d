import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OrganisationEntity } from '@app/database';
import { ApiHarness, Json, Method, apiRequest, startApiHarness } from '../support/api-harness';
import type { TestDatabase } from '../support/database';
import { createAccount, createBudgetLine, createBudgetProduct } from '../support/factories';

/**
 * The budget's master data through the API: the product tree, the chart of accounts and the
 * budget lines — validation, optimistic locking, audit, and tenant isolation.
 */
describe('budget API: products, accounts, budget lines', () => {
  let db: TestDatabase;
  let h: ApiHarness;
  let api: NestFastifyApplication;
  let peine: OrganisationEntity;
  let kassel: OrganisationEntity;
  let asPeine: Record<string, string>;
  let asKassel: Record<string, string>;
  let peineRef: string;

  beforeAll(async () => {
    h = await startApiHarness('budget-test', { users: { subject: 'kaemmerei-1', roles: ['finance'] } });
    ({ db, api } = h);
    ({ org: peine, headers: asPeine, ref: peineRef } = h.peine);
    ({ org: kassel, headers: asKassel } = h.kassel);
  });

  afterAll(async () => {
    await h?.close();
  });

  const call = (method: Method, url: string, headers: Record<string, string>, payload?: unknown) => apiRequest(api, method, url, headers, payload);

  async function auditOf(subjectId: string): Promise<Array<{ actor: string; action: string; before: Json; after: Json; reason: string | null; request_id: string | null; organisation_id: string }>> {
    return db.dataSource.query(`SELECT actor, action, before, after, reason, request_id, organisation_id FROM audit_event WHERE subject_id = $1 ORDER BY id`, [subjectId]);
  }

  async function auditCount(): Promise<number> {
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM audit_event`);
    return n;
  }

  describe('products (tree)', () => {
    it('creates a product tree and answers each product with its path from the top', async () => {
      const area = await call('POST', '/api/v1/budget-products', asPeine, { number: '06', name: 'Kinder-, Jugend- und Familienhilfe' });
      expect(area.status).toBe(201);
      expect(area.body).toMatchObject({ number: '06', name: 'Kinder-, Jugend- und Familienhilfe', parentId: null, version: 1 });
      expect(area.body.path).toEqual([{ id: area.body.id, number: '06', name: 'Kinder-, Jugend- und Familienhilfe' }]);

      const group = await call('POST', '/api/v1/budget-products', asPeine, { number: '363', name: 'Sonstige Leistungen', parentId: area.body.id });
      const product = await call('POST', '/api/v1/budget-products', asPeine, { number: '3636', name: 'übrige Hilfen', parentId: group.body.id });
      expect(product.status).toBe(201);
      expect(product.body.path.map((p: Json) => p.number)).toEqual(['06', '363', '3636']);

      const read = await call('GET', `/api/v1/budget-products/${product.body.id}`, asPeine);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(product.body);

      const audit = await auditOf(product.body.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor: peineRef, action: 'budget_product.created', before: null, organisation_id: peine.id });
      expect(audit[0]!.after).toMatchObject({ id: product.body.id, number: '3636', parentId: group.body.id });
      expect(audit[0]!.request_id).toEqual(expect.any(String));
    });

    it('lists children of a product, the top level, sorted and paginated', async () => {
      const root = await call('POST', '/api/v1/budget-products', asPeine, { number: '11', name: 'Innere Verwaltung' });
      for (const [number, name] of [
        ['1101', 'Personal'],
        ['1103', 'Finanzen'],
        ['1102', 'Organisation'],
      ]) {
        expect((await call('POST', '/api/v1/budget-products', asPeine, { number, name, parentId: root.body.id })).status).toBe(201);
      }

      const children = await call('GET', `/api/v1/budget-products?parentId=${root.body.id}`, asPeine);
      expect(children.status).toBe(200);
      expect(children.body).toMatchObject({ total: 3, limit: 50, offset: 0 });
      expect(children.body.items.map((p: Json) => p.number)).toEqual(['1101', '1102', '1103']);
      expect(children.body.items[0].path.map((p: Json) => p.number)).toEqual(['11', '1101']);

      const page = await call('GET', `/api/v1/budget-products?parentId=${root.body.id}&sort=-number&limit=2&offset=1`, asPeine);
      expect(page.body).toMatchObject({ total: 3, limit: 2, offset: 1 });
      expect(page.body.items.map((p: Json) => p.number)).toEqual(['1102', '1101']);

      const byName = await call('GET', `/api/v1/budget-products?parentId=${root.body.id}&sort=name`, asPeine);
      expect(byName.body.items.map((p: Json) => p.name)).toEqual(['Finanzen', 'Organisation', 'Personal']);

      const top = await call('GET', '/api/v1/budget-products?topLevel=true&limit=200', asPeine);
      expect(top.body.items.every((p: Json) => p.parentId === null)).toBe(true);
      expect(top.body.items.map((p: Json) => p.number)).toEqual(expect.arrayContaining(['06', '11']));
      expect(top.body.items.map((p: Json) => p.number)).not.toContain('1101');
    });

    it('refuses invalid input with the field and the reason, a duplicate number with 409, and writes nothing', async () => {
      const before = await auditCount();
      const bad = await call('POST', '/api/v1/budget-products', asPeine, { number: '36 36', name: '', parentId: 'nope', extra: true });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toBe('validation_failed');
      expect(bad.body.problems).toEqual(
        expect.arrayContaining([
          { field: 'number', reason: 'number must start with a letter or digit and hold only letters, digits, ".", "/" and "-"' },
          { field: 'name', reason: 'name should not be empty' },
          { field: 'parentId', reason: 'parentId must be a UUID' },
          { field: 'extra', reason: 'property extra should not exist' },
        ]),
      );

      const unknownParent = await call('POST', '/api/v1/budget-products', asPeine, { number: '77', name: 'x', parentId: '00000000-0000-4000-8000-000000000000' });
      expect(unknownParent.status).toBe(400);
      expect(unknownParent.body.problems).toEqual([{ field: 'parentId', reason: 'no product 00000000-0000-4000-8000-000000000000 in your organisation' }]);

      const duplicate = await call('POST', '/api/v1/budget-products', asPeine, { number: '06', name: 'noch einmal' });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body).toMatchObject({ error: 'conflict', problems: [{ field: 'number', reason: 'another product of your organisation has this number' }] });

      const badSort = await call('GET', '/api/v1/budget-products?sort=secret', asPeine);
      expect(badSort.status).toBe(400);
      expect(badSort.body.problems[0]).toMatchObject({ field: 'sort' });

      expect(await auditCount()).toBe(before);
      const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM budget_product WHERE organisation_id = $1 AND number IN ('77', '36 36')`, [peine.id]);
      expect(n).toBe(0);
    });

    it('renames with optimistic locking, audits before/after with the reason, and refuses a stale version', async () => {
      const p = await createBudgetProduct(db.dataSource, peine, { number: '5151', name: 'Alt' });
      const renamed = await call('PATCH', `/api/v1/budget-products/${p.id}`, asPeine, { version: 1, name: 'Neu', reason: 'Produktrahmen 2026' });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ id: p.id, name: 'Neu', number: '5151', version: 2 });

      const stale = await call('PATCH', `/api/v1/budget-products/${p.id}`, asPeine, { version: 1, name: 'Anders' });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ error: 'conflict', problems: [{ field: 'version', reason: 'expected 2' }] });

      const audit = await auditOf(p.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ action: 'budget_product.updated', actor: peineRef, reason: 'Produktrahmen 2026' });
      expect(audit[0]!.before).toMatchObject({ name: 'Alt', version: 1 });
      expect(audit[0]!.after).toMatchObject({ name: 'Neu', version: 2 });
      expect((await call('GET', `/api/v1/budget-products/${p.id}`, asPeine)).body.name).toBe('Neu');
    });

    it('lets exactly one of two concurrent changes based on the same version win', async () => {
      const p = await createBudgetProduct(db.dataSource, peine, { name: 'Start' });
      const results = await Promise.all(
        ['A', 'B'].map((name) => call('PATCH', `/api/v1/budget-products/${p.id}`, asPeine, { version: 1, name })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = results.find((r) => r.status === 200)!.body;
      const stored = await call('GET', `/api/v1/budget-products/${p.id}`, asPeine);
      expect(stored.body).toMatchObject({ name: winner.name, version: 2 });
      expect(await auditOf(p.id)).toHaveLength(1);
    });

    it('moves products in the tree but never into a cycle', async () => {
      const a = await createBudgetProduct(db.dataSource, peine, { number: 'A1', name: 'A' });
      const b = await createBudgetProduct(db.dataSource, peine, { number: 'A1.1', name: 'B', parentId: a.id });
      const c = await createBudgetProduct(db.dataSource, peine, { number: 'A1.1.1', name: 'C', parentId: b.id });

      for (const target of [a.id, c.id]) {
        const cycle = await call('PATCH', `/api/v1/budget-products/${a.id}`, asPeine, { version: 1, parentId: target });
        expect(cycle.status).toBe(400);
        expect(cycle.body.problems).toEqual([{ field: 'parentId', reason: 'a product cannot be placed under itself or one of its own sub-products' }]);
      }

      const up = await call('PATCH', `/api/v1/budget-products/${c.id}`, asPeine, { version: 1, parentId: a.id });
      expect(up.status).toBe(200);
      expect(up.body.path.map((p: Json) => p.number)).toEqual(['A1', 'A1.1.1']);
      const top = await call('PATCH', `/api/v1/budget-products/${c.id}`, asPeine, { version: 2, parentId: null });
      expect(top.body).toMatchObject({ parentId: null, version: 3 });
      expect(top.body.path).toEqual([{ id: c.id, number: 'A1.1.1', name: 'C' }]);

      // Two concurrent moves that would each be fine alone, but together close a cycle: one is refused.
      const x = await createBudgetProduct(db.dataSource, peine, { number: 'X', name: 'X' });
      const y = await createBudgetProduct(db.dataSource, peine, { number: 'Y', name: 'Y' });
      const moves = await Promise.all([
        call('PATCH', `/api/v1/budget-products/${x.id}`, asPeine, { version: 1, parentId: y.id }),
        call('PATCH', `/api/v1/budget-products/${y.id}`, asPeine, { version: 1, parentId: x.id }),
      ]);
      expect(moves.map((m) => m.status).sort()).toEqual([200, 400]);
    });

    it('answers 404 for an unknown or malformed id', async () => {
      for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        const get = await call('GET', `/api/v1/budget-products/${id}`, asPeine);
        expect(get.status).toBe(404);
        expect(get.body.error).toBe('not_found');
        expect((await call('PATCH', `/api/v1/budget-products/${id}`, asPeine, { version: 1, name: 'x' })).status).toBe(404);
      }
    });
  });

  describe('accounts', () => {
    it('creates, reads and lists accounts with filters, sorting and pagination', async () => {
      const pay = await call('POST', '/api/v1/accounts', asPeine, { number: '620010', name: 'Entgelte für geleistete Arbeitszeit', kind: 'expense' });
      expect(pay.status).toBe(201);
      expect(pay.body).toMatchObject({ number: '620010', kind: 'expense', version: 1 });
      await call('POST', '/api/v1/accounts', asPeine, { number: '640010', name: 'Arbeitgeberanteil SV', kind: 'expense' });
      await call('POST', '/api/v1/accounts', asPeine, { number: '541100', name: 'Zuweisungen vom Land', kind: 'revenue' });

      expect((await call('GET', `/api/v1/accounts/${pay.body.id}`, asPeine)).body).toEqual(pay.body);

      const revenue = await call('GET', '/api/v1/accounts?kind=revenue', asPeine);
      expect(revenue.body.items.map((a: Json) => a.number)).toEqual(['541100']);

      const sixes = await call('GET', '/api/v1/accounts?numberPrefix=6&sort=-number', asPeine);
      expect(sixes.body.items.map((a: Json) => a.number)).toEqual(['640010', '620010']);

      const page = await call('GET', '/api/v1/accounts?numberPrefix=6&sort=number&limit=1&offset=1', asPeine);
      expect(page.body).toMatchObject({ total: 2, limit: 1, offset: 1 });
      expect(page.body.items.map((a: Json) => a.number)).toEqual(['640010']);
      expect((await auditOf(pay.body.id))[0]).toMatchObject({ action: 'account.created', actor: peineRef });
    });

    it('refuses bad input with the field, a duplicate number with 409', async () => {
      const bad = await call('POST', '/api/v1/accounts', asPeine, { number: '62a', name: 'x', kind: 'asset' });
      expect(bad.status).toBe(400);
      expect(bad.body.problems).toEqual(
        expect.arrayContaining([
          { field: 'number', reason: 'number must be 1 to 20 digits' },
          { field: 'kind', reason: 'kind must be one of the following values: expense, revenue' },
        ]),
      );
      const badFilter = await call('GET', '/api/v1/accounts?kind=asset', asPeine);
      expect(badFilter.status).toBe(400);
      expect(badFilter.body.problems[0].field).toBe('kind');

      const duplicate = await call('POST', '/api/v1/accounts', asPeine, { number: '620010', name: 'doppelt', kind: 'expense' });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.problems).toEqual([{ field: 'number', reason: 'another account of your organisation has this number' }]);
    });

    it('changes an account with optimistic locking; the kind only while no budget line uses it', async () => {
      const free = await createAccount(db.dataSource, peine, { kind: 'expense' });
      const changed = await call('PATCH', `/api/v1/accounts/${free.id}`, asPeine, { version: 1, kind: 'revenue', name: 'umgewidmet' });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ kind: 'revenue', name: 'umgewidmet', version: 2 });
      expect((await call('PATCH', `/api/v1/accounts/${free.id}`, asPeine, { version: 1, name: 'zu spät' })).status).toBe(409);

      const used = await createAccount(db.dataSource, peine, { kind: 'expense' });
      await createBudgetLine(db.dataSource, peine, { accountId: used.id });
      const refused = await call('PATCH', `/api/v1/accounts/${used.id}`, asPeine, { version: 1, kind: 'revenue' });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ error: 'state_conflict', problems: [{ field: 'kind', reason: 'the account is used by budget lines' }] });
      const renamed = await call('PATCH', `/api/v1/accounts/${used.id}`, asPeine, { version: 1, name: 'neuer Name' });
      expect(renamed.body).toMatchObject({ kind: 'expense', name: 'neuer Name', version: 2 });
      expect((await auditOf(used.id)).map((e) => e.action)).toEqual(['account.updated']);
    });

    it('lets exactly one of two concurrent changes win', async () => {
      const account = await createAccount(db.dataSource, peine);
      const results = await Promise.all(['eins', 'zwei'].map((name) => call('PATCH', `/api/v1/accounts/${account.id}`, asPeine, { version: 1, name })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    });
  });

  describe('budget lines', () => {
    let productId: string;
    let expenseId: string;
    let revenueId: string;

    beforeAll(async () => {
      productId = (await createBudgetProduct(db.dataSource, peine, { number: '3636.L', name: 'übrige Hilfen' })).id;
      expenseId = (await createAccount(db.dataSource, peine, { number: '620099', name: 'Entgelte', kind: 'expense' })).id;
      revenueId = (await createAccount(db.dataSource, peine, { number: '541199', name: 'Zuweisungen vom Land', kind: 'revenue' })).id;
    });

    it('plans a line and reads it back with its product and account', async () => {
      const created = await call('POST', '/api/v1/budget-lines', asPeine, { productId, accountId: expenseId, fiscalYear: 2026, plannedCents: 5670000 });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        productId,
        productNumber: '3636.L',
        accountId: expenseId,
        accountNumber: '620099',
        accountKind: 'expense',
        fiscalYear: 2026,
        plannedCents: 5670000,
        version: 1,
      });
      expect((await call('GET', `/api/v1/budget-lines/${created.body.id}`, asPeine)).body).toEqual(created.body);
      expect((await auditOf(created.body.id))[0]).toMatchObject({ action: 'budget_line.created', actor: peineRef, after: { plannedCents: 5670000 } });

      const again = await call('POST', '/api/v1/budget-lines', asPeine, { productId, accountId: expenseId, fiscalYear: 2026, plannedCents: 1 });
      expect(again.status).toBe(409);
      expect(again.body.problems).toEqual([{ field: 'fiscalYear', reason: 'this product and account already have a budget line in this fiscal year' }]);
    });

    it('refuses money that is not a safe integer number of cents, and other bad input, naming the field', async () => {
      const base = { productId, accountId: expenseId, fiscalYear: 2030 };
      for (const plannedCents of [1.5, 9007199254740992, -1, '100', 1e21]) {
        const res = await call('POST', '/api/v1/budget-lines', asPeine, { ...base, plannedCents });
        expect(res.status).toBe(400);
        expect(res.body.problems.map((p: Json) => p.field)).toContain('plannedCents');
      }
      const maximal = await call('POST', '/api/v1/budget-lines', asPeine, { ...base, plannedCents: Number.MAX_SAFE_INTEGER });
      expect(maximal.status).toBe(201);
      expect(maximal.body.plannedCents).toBe(Number.MAX_SAFE_INTEGER);

      const year = await call('POST', '/api/v1/budget-lines', asPeine, { ...base, fiscalYear: 1999, plannedCents: 0 });
      expect(year.body.problems).toEqual([{ field: 'fiscalYear', reason: 'fiscalYear must not be less than 2000' }]);

      const unknown = await call('POST', '/api/v1/budget-lines', asPeine, {
        productId: '00000000-0000-4000-8000-000000000000',
        accountId: '00000000-0000-4000-8000-000000000001',
        fiscalYear: 2026,
        plannedCents: 0,
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.problems.map((p: Json) => p.field)).toEqual(['productId', 'accountId']);
    });

    it('lists lines filtered by product, account, fiscal year and account kind, sorted and paginated', async () => {
      const other = (await createBudgetProduct(db.dataSource, peine, { number: '3637.L' })).id;
      await createBudgetLine(db.dataSource, peine, { productId, accountId: revenueId, fiscalYear: 2026, plannedCents: 4000000 });
      await createBudgetLine(db.dataSource, peine, { productId, accountId: expenseId, fiscalYear: 2027, plannedCents: 5800000 });
      await createBudgetLine(db.dataSource, peine, { productId: other, accountId: expenseId, fiscalYear: 2026, plannedCents: 100 });

      const ofProduct = await call('GET', `/api/v1/budget-lines?productId=${productId}&fiscalYear=2026`, asPeine);
      expect(ofProduct.body.total).toBe(2);
      expect(ofProduct.body.items.map((l: Json) => l.accountNumber)).toEqual(['541199', '620099']);

      const revenue = await call('GET', `/api/v1/budget-lines?productId=${productId}&kind=revenue`, asPeine);
      expect(revenue.body.items.map((l: Json) => [l.accountKind, l.plannedCents])).toEqual([['revenue', 4000000]]);

      const ofAccount = await call('GET', `/api/v1/budget-lines?accountId=${expenseId}&sort=-plannedCents&limit=2`, asPeine);
      expect(ofAccount.body).toMatchObject({ total: 4, limit: 2, offset: 0 });
      expect(ofAccount.body.items.map((l: Json) => l.plannedCents)).toEqual([Number.MAX_SAFE_INTEGER, 5800000]);
      const next = await call('GET', `/api/v1/budget-lines?accountId=${expenseId}&sort=-plannedCents&limit=2&offset=2`, asPeine);
      expect(next.body.items.map((l: Json) => l.plannedCents)).toEqual([5670000, 100]);

      const badYear = await call('GET', '/api/v1/budget-lines?fiscalYear=zwanzig', asPeine);
      expect(badYear.status).toBe(400);
      expect(badYear.body.problems[0].field).toBe('fiscalYear');
    });

    it('changes the plan with optimistic locking: of two concurrent changes one wins, one gets 409', async () => {
      const line = await createBudgetLine(db.dataSource, peine, { plannedCents: 1000 });
      const results = await Promise.all([2000, 3000].map((plannedCents) => call('PATCH', `/api/v1/budget-lines/${line.id}`, asPeine, { version: 1, plannedCents })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = results.find((r) => r.status === 200)!.body;
      expect(winner.version).toBe(2);
      const loser = results.find((r) => r.status === 409)!.body;
      expect(loser).toMatchObject({ error: 'conflict', problems: [{ field: 'version', reason: 'expected 2' }] });
      expect((await call('GET', `/api/v1/budget-lines/${line.id}`, asPeine)).body.plannedCents).toBe(winner.plannedCents);

      const audit = await auditOf(line.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ action: 'budget_line.updated', before: { plannedCents: 1000, version: 1 }, after: { plannedCents: winner.plannedCents, version: 2 } });
    });

    it('moves a line to another year only while nothing is booked on it; a failed change writes nothing', async () => {
      const line = await createBudgetLine(db.dataSource, peine, { fiscalYear: 2028 });
      const moved = await call('PATCH', `/api/v1/budget-lines/${line.id}`, asPeine, { version: 1, fiscalYear: 2029 });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ fiscalYear: 2029, version: 2 });

      // A move onto an existing line's key is a 409 from the unique constraint: no version bump, no audit.
      const twin = await createBudgetLine(db.dataSource, peine, { productId: line.productId, accountId: line.accountId, fiscalYear: 2030 });
      const before = await auditCount();
      const clash = await call('PATCH', `/api/v1/budget-lines/${line.id}`, asPeine, { version: 2, fiscalYear: 2030, plannedCents: 99 });
      expect(clash.status).toBe(409);
      expect(await auditCount()).toBe(before);
      expect((await call('GET', `/api/v1/budget-lines/${line.id}`, asPeine)).body).toMatchObject({ fiscalYear: 2029, plannedCents: 0, version: 2 });

      const booked = await call('POST', '/api/v1/ledger-entries', asPeine, { budgetLineId: twin.id, bookedOn: '2030-01-31', kind: 'actual', amountCents: 100, text: 'Ist' });
      expect(booked.status).toBe(201);
      const fixed = await call('PATCH', `/api/v1/budget-lines/${twin.id}`, asPeine, { version: 1, fiscalYear: 2031 });
      expect(fixed.status).toBe(409);
      expect(fixed.body).toMatchObject({ error: 'state_conflict', problems: [{ field: 'fiscalYear', reason: 'the line has ledger entries' }] });
      const replanned = await call('PATCH', `/api/v1/budget-lines/${twin.id}`, asPeine, { version: 1, plannedCents: 500 });
      expect(replanned.body).toMatchObject({ plannedCents: 500, version: 2 });
    });

    it('answers 404 for an unknown line and its summary', async () => {
      for (const url of ['/api/v1/budget-lines/00000000-0000-4000-8000-000000000000', '/api/v1/budget-lines/00000000-0000-4000-8000-000000000000/summary', '/api/v1/budget-lines/x/summary']) {
        const res = await call('GET', url, asPeine);
        expect(res.status).toBe(404);
        expect(res.body.error).toBe('not_found');
      }
    });
  });

  describe('tenant isolation', () => {
    it("never shows or changes another organisation's products, accounts or lines: 404 exactly like an unknown id", async () => {
      const product = await createBudgetProduct(db.dataSource, peine, { number: 'ISO-1' });
      const account = await createAccount(db.dataSource, peine);
      const line = await createBudgetLine(db.dataSource, peine, { productId: product.id, accountId: account.id });
      const unknown = '00000000-0000-4000-8000-00000000dead';

      for (const [path, id, change] of [
        ['budget-products', product.id, { version: 1, name: 'gekapert' }],
        ['accounts', account.id, { version: 1, name: 'gekapert' }],
        ['budget-lines', line.id, { version: 1, plannedCents: 1 }],
      ] as const) {
        const foreign = await call('GET', `/api/v1/${path}/${id}`, asKassel);
        const missing = await call('GET', `/api/v1/${path}/${unknown}`, asKassel);
        expect(foreign.status).toBe(404);
        expect({ ...foreign.body, message: foreign.body.message.replace(id, '?'), requestId: undefined }).toEqual({
          ...missing.body,
          message: missing.body.message.replace(unknown, '?'),
          requestId: undefined,
        });
        const patch = await call('PATCH', `/api/v1/${path}/${id}`, asKassel, change);
        expect(patch.status).toBe(404);
        expect(patch.body.error).toBe('not_found');

        const list = await call('GET', `/api/v1/${path}?limit=200`, asKassel);
        expect(list.status).toBe(200);
        expect(list.body.items.map((x: Json) => x.id)).not.toContain(id);
      }
      expect((await call('GET', `/api/v1/budget-lines/${line.id}/summary`, asKassel)).status).toBe(404);
      expect((await call('GET', `/api/v1/budget-lines?productId=${product.id}`, asKassel)).body).toMatchObject({ total: 0, items: [] });
      expect((await call('GET', `/api/v1/budget-products?parentId=${product.id}`, asKassel)).body.total).toBe(0);

      // Kassel can use the same numbers (unique per organisation), but not Peine's rows as references.
      expect((await call('POST', '/api/v1/budget-products', asKassel, { number: 'ISO-1', name: 'eigenes' })).status).toBe(201);
      const parent = await call('POST', '/api/v1/budget-products', asKassel, { number: 'ISO-2', name: 'x', parentId: product.id });
      expect(parent.status).toBe(400);
      expect(parent.body.problems).toEqual([{ field: 'parentId', reason: `no product ${product.id} in your organisation` }]);
      const ownProduct = await createBudgetProduct(db.dataSource, kassel);
      const crossLine = await call('POST', '/api/v1/budget-lines', asKassel, { productId: ownProduct.id, accountId: account.id, fiscalYear: 2026, plannedCents: 1 });
      expect(crossLine.status).toBe(400);
      expect(crossLine.body.problems).toEqual([{ field: 'accountId', reason: `no account ${account.id} in your organisation` }]);

      expect((await auditOf(product.id)).length + (await auditOf(account.id)).length + (await auditOf(line.id)).length).toBe(0);
      const stored = await db.dataSource.query(`SELECT name, version FROM budget_product WHERE id = $1`, [product.id]);
      expect(stored).toEqual([{ name: 'Testprodukt', version: 1 }]);
    });
  });
});
