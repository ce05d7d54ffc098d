import { DataSource } from 'typeorm';
import {
  AllowanceRateEntity,
  BonusBandEntity,
  BonusRateEntity,
  BudgetLineEntity,
  LedgerEntryEntity,
  OnCostRateEntity,
  PayTableRowEntity,
  StaffPositionEntity,
} from '@app/database';
import { MoneyError } from '@app/money';
import { TVOED_VKA_REFERENCE_DATA, type ReferenceData } from '@app/personnel-costs';
import { createTestDatabase, TestDatabase } from './support/database';

const MAX_CENTS = Number.MAX_SAFE_INTEGER; // 9007199254740991

let db: TestDatabase;
let ds: DataSource;

beforeAll(async () => {
  db = await createTestDatabase();
  ds = db.dataSource;
});
afterAll(async () => {
  await db?.drop();
});

// ------------------------------------------------------------------ factories (raw SQL: the schema is under test)

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

async function insert(table: string, values: Record<string, unknown>): Promise<string> {
  const columns = Object.keys(values);
  const rows: Array<{ id: string }> = await ds.query(
    `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    Object.values(values),
  );
  return String(rows[0].id);
}

const organisation = (o: Partial<Record<string, unknown>> = {}) =>
  insert('organisation', { name: 'Landkreis Peine', kind: 'county', land_code: 'NI', slug: unique('lk-peine'), ...o });

async function tenantWithBudgetLine() {
  const org = await organisation();
  const product = await insert('budget_product', { organisation_id: org, number: '3636', name: 'übrige Hilfen' });
  const account = await insert('account', { organisation_id: org, number: '620010', name: 'Entgelte für geleistete Arbeitszeit', kind: 'expense' });
  const line = await insert('budget_line', { organisation_id: org, product_id: product, account_id: account, fiscal_year: 2025, planned_cents: 5_670_000 });
  return { org, product, account, line };
}

async function tenantWithApplication() {
  const org = await organisation();
  const department = await insert('department', { organisation_id: org, name: 'Fachdienst Jugendamt' });
  const funder = await insert('funder', { organisation_id: org, kind: 'foundation', name: 'Landesvereinigung für Gesundheit' });
  const programme = await insert('funding_programme', {
    organisation_id: org,
    funder_id: funder,
    name: 'Präventionsketten Niedersachsen: Gesund aufwachsen für alle Kinder!',
    legal_basis: 'private_contract',
    financing_type: 'share',
    rate_bp: 10000,
  });
  const application = await insert('funding_application', {
    organisation_id: org,
    programme_id: programme,
    lead_department_id: department,
    title: 'Präventionsketten im Landkreis Peine',
    period_start: '2021-01-01',
    period_end: '2023-12-31',
  });
  return { org, department, funder, programme, application };
}

const entry = (org: string, line: string, o: Partial<Record<string, unknown>> = {}) =>
  insert('ledger_entry', {
    organisation_id: org,
    budget_line_id: line,
    booked_on: '2025-03-31',
    kind: 'actual',
    amount_cents: 412_207,
    text: 'Tabellenentgelt 03/2025',
    reference: 'position:x:2025-03',
    dedup_key: unique('dedup'),
    created_by: 'workflow:position-x',
    ...o,
  });

/** A PostgreSQL error with this SQLSTATE (and constraint, if given). */
async function expectPgError(promise: Promise<unknown>, code: string, constraint?: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as { code?: string; constraint?: string },
  );
  expect(error).toBeDefined();
  expect({ code: error?.code, ...(constraint ? { constraint: error?.constraint } : {}) }).toEqual({ code, ...(constraint ? { constraint } : {}) });
}

// ------------------------------------------------------------------ ledger

describe('ledger_entry', () => {
  it('is append-only at the database: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const { org, line } = await tenantWithBudgetLine();
    const id = await entry(org, line);

    await expect(ds.query(`UPDATE ledger_entry SET amount_cents = 1 WHERE id = $1`, [id])).rejects.toThrow('append-only');
    await expect(ds.query(`DELETE FROM ledger_entry WHERE id = $1`, [id])).rejects.toThrow('append-only');
    await expect(ds.query(`TRUNCATE ledger_entry`)).rejects.toThrow('append-only');
    await expect(ds.query(`TRUNCATE budget_line CASCADE`)).rejects.toThrow('append-only');
    await expect(ds.getRepository(LedgerEntryEntity).update({ id }, { text: 'changed' })).rejects.toThrow('append-only');

    expect(await ds.query(`SELECT amount_cents, text FROM ledger_entry WHERE id = $1`, [id])).toEqual([
      { amount_cents: '412207', text: 'Tabellenentgelt 03/2025' },
    ]);
  });

  it('takes a reversal with the negated amount, once', async () => {
    const { org, line } = await tenantWithBudgetLine();
    const original = await entry(org, line, { amount_cents: 412_207 });

    const repo = ds.getRepository(LedgerEntryEntity);
    const reversal = await repo.save(
      repo.create({
        organisationId: org,
        budgetLineId: line,
        bookedOn: '2025-04-30',
        kind: 'actual',
        amountCents: -412_207,
        text: 'Storno Tabellenentgelt 03/2025',
        reference: 'position:x:2025-03',
        reversesId: original,
        dedupKey: unique('reversal'),
        createdBy: 'user:finance',
      }),
    );
    expect(await repo.findOneByOrFail({ id: reversal.id })).toMatchObject({ reversesId: original, amountCents: -412_207, bookedOn: '2025-04-30' });

    // a second reversal of the same entry
    await expectPgError(entry(org, line, { amount_cents: -412_207, reverses_id: original }), '23505', 'ledger_entry_reverses_id_key');
  });

  it('refuses a reversal that does not negate the entry it reverses', async () => {
    const { org, product, line } = await tenantWithBudgetLine();
    const original = await entry(org, line, { amount_cents: 412_207 });

    await expect(entry(org, line, { amount_cents: -412_200, reverses_id: original })).rejects.toThrow('does not negate it');
    await expect(entry(org, line, { amount_cents: 412_207, reverses_id: original })).rejects.toThrow('does not negate it');
    await expect(entry(org, line, { amount_cents: -412_207, kind: 'commitment', reverses_id: original })).rejects.toThrow('does not negate it');

    const otherAccount = await insert('account', { organisation_id: org, number: '640010', name: 'Arbeitgeberanteil SV', kind: 'expense' });
    const otherLine = await insert('budget_line', { organisation_id: org, product_id: product, account_id: otherAccount, fiscal_year: 2025 });
    await expect(entry(org, otherLine, { amount_cents: -412_207, reverses_id: original })).rejects.toThrow('does not negate it');

    // another tenant cannot reverse it (composite foreign key), nor reverse what does not exist
    const other = await tenantWithBudgetLine();
    await expectPgError(entry(other.org, other.line, { amount_cents: -412_207, reverses_id: original }), '23503', 'ledger_entry_reverses_id_fkey');
    await expectPgError(entry(org, line, { amount_cents: 1, reverses_id: '999999999' }), '23503', 'ledger_entry_reverses_id_fkey');

    expect(await ds.query(`SELECT count(*)::int AS n FROM ledger_entry WHERE reverses_id = $1`, [original])).toEqual([{ n: 0 }]);
  });

  it('books once per dedup key', async () => {
    const { org, line } = await tenantWithBudgetLine();
    const dedupKey = unique('position:x:2025-03:basePay');
    await entry(org, line, { dedup_key: dedupKey });
    await expectPgError(entry(org, line, { dedup_key: dedupKey }), '23505', 'ledger_entry_dedup_key_key');
  });
});

// ------------------------------------------------------------------ checks, money, decimals

describe('constraints', () => {
  it('reject a status or kind outside the allowed values', async () => {
    const { org, application } = await tenantWithApplication();
    await expectPgError(ds.query(`UPDATE funding_application SET status = 'bogus' WHERE id = $1`, [application]), '23514', 'funding_application_status_check');
    await ds.query(`UPDATE funding_application SET status = 'partly_approved' WHERE id = $1`, [application]);

    await expectPgError(organisation({ kind: 'village' }), '23514', 'organisation_kind_check');
    await expectPgError(organisation({ land_code: 'XX' }), '23514', 'organisation_land_code_check');
    await expectPgError(
      insert('app_user', { organisation_id: org, subject: 'a', display_name: 'A', roles: ['finance', 'superuser'] }),
      '23514',
      'app_user_roles_check',
    );
    const { org: o2, line } = await tenantWithBudgetLine();
    await expectPgError(entry(o2, line, { kind: 'estimate' }), '23514', 'ledger_entry_kind_check');
    await expectPgError(
      insert('programme_milestone', { organisation_id: org, application_id: application, title: 'Leitbild', due_on: '2022-06-30', status: 'done' }),
      '23514',
      'programme_milestone_done_on_check',
    );
  });

  it('round-trip the largest safe cents and refuse anything beyond', async () => {
    const { org, product, account } = await tenantWithBudgetLine();
    const repo = ds.getRepository(BudgetLineEntity);
    const saved = await repo.save(repo.create({ organisationId: org, productId: product, accountId: account, fiscalYear: 2099, plannedCents: MAX_CENTS }));
    expect((await repo.findOneByOrFail({ id: saved.id })).plannedCents).toBe(MAX_CENTS);
    expect(await ds.query(`SELECT planned_cents FROM budget_line WHERE id = $1`, [saved.id])).toEqual([{ planned_cents: '9007199254740991' }]);

    await expect(repo.save(repo.create({ ...saved, plannedCents: MAX_CENTS + 1 }))).rejects.toThrow(MoneyError);
    await expect(repo.save(repo.create({ ...saved, plannedCents: 0.5 }))).rejects.toThrow(MoneyError);

    await ds.query(`UPDATE budget_line SET planned_cents = 9007199254740992 WHERE id = $1`, [saved.id]);
    await expect(repo.findOneByOrFail({ id: saved.id })).rejects.toThrow(MoneyError);
  });

  it('keep hours as exact decimal strings', async () => {
    const { org } = await tenantWithApplication();
    const repo = ds.getRepository(StaffPositionEntity);
    const saved = await repo.save(
      repo.create({ organisationId: org, title: 'Netzwerkkoordination', payScale: 'TVOED_VKA_SUE', payGroup: 'S 12', weeklyHours: '19.5', startOn: '2021-04-01', endOn: '2024-03-31' }),
    );
    const read = await repo.findOneByOrFail({ id: saved.id });
    expect([read.weeklyHours, read.fullTimeHours, read.status, read.version]).toEqual(['19.5', '39', 'planned', 1]);
    await expectPgError(repo.save(repo.create({ ...read, weeklyHours: '40' })), '23514', 'staff_position_hours_check');
  });

  it('check generated documents against their content', async () => {
    const org = await organisation();
    const doc = (o: Record<string, unknown>) =>
      insert('document', {
        organisation_id: org, kind: 'council_paper_pdf', subject_type: 'council_paper', subject_id: 'x', version: 1,
        file_name: 'Vorlage-2021-844.pdf', media_type: 'application/pdf', created_by: 'user:a',
        content: Buffer.from('%PDF-1.7'), size_bytes: 8, sha256: '0'.repeat(64), ...o,
      });
    await expectPgError(doc({}), '23514', 'document_sha256_check');
    const sha = (await ds.query(`SELECT encode(sha256('%PDF-1.7'::bytea), 'hex') AS h`))[0].h as string;
    await doc({ sha256: sha });
    await expectPgError(doc({ sha256: sha }), '23505', 'document_subject_kind_version_key');
    await expectPgError(doc({ sha256: sha, version: 2, size_bytes: 9 }), '23514', 'document_size_bytes_check');
  });

  it('require the sections of a released paper and allow one deciding consultation', async () => {
    const { org, department } = await tenantWithApplication();
    const paper = (o: Record<string, unknown>) =>
      insert('council_paper', { organisation_id: org, number: unique('2021').replace(/\D/g, '').slice(0, 4) + '/844', paper_type: 'information', paper_date: '2021-03-30', lead_department_id: department, title: 'Präventionsketten', ...o });
    await expectPgError(paper({ status: 'released' }), '23514', 'council_paper_sections_check');
    await expectPgError(paper({ number: '21/844' }), '23514', 'council_paper_number_check');
    const sections = { description: ['…'], goals: ['…'], resources: ['…'], conclusion: ['entfällt.'] };
    const id = await paper({ status: 'released', sections, related_paper_numbers: ['2020/608'], cost_cents: 5_670_000, costs_in_budget: true });
    await expectPgError(paper({ status: 'released', sections, paper_type: 'decision' }), '23514', 'council_paper_sections_check');

    const committee = await insert('committee', { organisation_id: org, name: 'Ausschuss für Gleichstellung, Arbeit und Soziales' });
    const consult = (position: number, authoritative: boolean) =>
      insert('consultation', { organisation_id: org, paper_id: id, position, committee_id: committee, session_date: '2021-04-26', role: 'acknowledgement', authoritative });
    await consult(1, true);
    await expectPgError(consult(1, false), '23505', 'consultation_paper_id_position_key');
    await expectPgError(consult(2, true), '23505', 'consultation_authoritative_idx');
  });
});

// ------------------------------------------------------------------ tenants

describe('organisation', () => {
  it('is referenced by foreign keys and has a unique slug', async () => {
    await expectPgError(insert('department', { organisation_id: '00000000-0000-0000-0000-000000000000', name: 'Jugendamt' }), '23503', 'department_organisation_id_fkey');

    const slug = unique('landkreis-kassel');
    const org = await organisation({ slug, name: 'Landkreis Kassel', land_code: 'HE' });
    await expectPgError(organisation({ slug }), '23505', 'organisation_slug_key');
    await expectPgError(organisation({ slug: 'Landkreis Kassel' }), '23514', 'organisation_slug_check');

    await insert('department', { organisation_id: org, name: 'Jugendamt' });
    await expectPgError(insert('department', { organisation_id: org, name: 'Jugendamt' }), '23505', 'department_organisation_id_name_key');
    await expectPgError(ds.query(`DELETE FROM organisation WHERE id = $1`, [org]), '23001', 'department_organisation_id_fkey');

    await insert('budget_product', { organisation_id: org, number: '3636', name: 'übrige Hilfen' });
    await expectPgError(insert('budget_product', { organisation_id: org, number: '3636', name: 'doppelt' }), '23505', 'budget_product_organisation_id_number_key');
    await insert('budget_product', { organisation_id: await organisation(), number: '3636', name: 'übrige Hilfen' }); // another tenant: fine
  });

  it('keeps references inside the tenant', async () => {
    const a = await tenantWithApplication();
    const b = await tenantWithApplication();
    // an application of A led by a department of B
    await expectPgError(
      insert('funding_application', { organisation_id: a.org, programme_id: a.programme, lead_department_id: b.department, title: 'x', period_start: '2025-01-01', period_end: '2025-12-31' }),
      '23503',
      'funding_application_lead_department_id_fkey',
    );
    // a milestone of A on B's application
    await expectPgError(
      insert('programme_milestone', { organisation_id: a.org, application_id: b.application, title: 'Steuerungsgruppe', due_on: '2025-06-30' }),
      '23503',
      'programme_milestone_application_id_fkey',
    );
  });

  it('is on every tenant-owned table: NOT NULL, a foreign key, an index that starts with it', async () => {
    const tenantTables = ds.entityMetadatas.filter((m) => m.findColumnWithDatabaseName('organisation_id')).map((m) => m.tableName);
    const rows: Array<{ table_name: string; nullable: boolean; has_fk: boolean; has_index: boolean }> = await ds.query(
      `SELECT c.relname AS table_name,
              NOT a.attnotnull AS nullable,
              EXISTS (SELECT 1 FROM pg_constraint f WHERE f.conrelid = c.oid AND f.contype = 'f'
                        AND f.confrelid = 'organisation'::regclass AND f.conkey = ARRAY[a.attnum]) AS has_fk,
              EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indkey[0] = a.attnum) AS has_index
         FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'organisation_id'
        WHERE c.relname = ANY($1) AND c.relkind = 'r'`,
      [tenantTables],
    );
    // audit_event and notification predate the domain model: nullable, no foreign key (events outside any tenant)
    const domain = rows.filter((r) => !['audit_event', 'notification'].includes(r.table_name));
    expect(domain.length).toBeGreaterThanOrEqual(29);
    expect(domain.filter((r) => r.nullable || !r.has_fk || !r.has_index)).toEqual([]);
  });
});

// ------------------------------------------------------------------ schema hygiene the diff does not see

describe('schema', () => {
  it('has an index for every foreign key (leading columns)', async () => {
    const unindexed: Array<{ table_name: string; constraint_name: string }> = await ds.query(
      `SELECT c.conrelid::regclass::text AS table_name, c.conname AS constraint_name
         FROM pg_constraint c
        WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
          AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.conrelid
                            AND ((   (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
                                 AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey)
                              -- or a unique index on the referencing id alone (ledger_entry.reverses_id)
                              OR (i.indisunique AND i.indnatts = 1 AND i.indkey[0] = c.conkey[cardinality(c.conkey)])))
          AND c.conname NOT LIKE '%organisation_id_fkey'`,
    );
    // organisation_id alone is covered by the tenant indexes checked above
    expect(unindexed).toEqual([]);
  });

  it('allows in every CHECK the values the entities declare (TypeORM compares only names)', async () => {
    const literals = (sql: string) => [...sql.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]).sort();
    const mismatches: string[] = [];
    for (const metadata of ds.entityMetadatas) {
      for (const check of metadata.checks) {
        const rows: Array<{ def: string }> = await ds.query(
          `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = $1::regclass AND conname = $2`,
          [metadata.tablePath, check.name],
        );
        if (rows.length !== 1) mismatches.push(`${check.name}: missing`);
        else if (JSON.stringify(literals(rows[0].def)) !== JSON.stringify(literals(check.expression!))) {
          mismatches.push(`${check.name}: database ${rows[0].def} / entity ${check.expression}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});

// ------------------------------------------------------------------ reference data

describe('tariff reference data', () => {
  it('loads the TVöD-VKA rows 1:1 and reads them back', async () => {
    const data = TVOED_VKA_REFERENCE_DATA;
    await ds.transaction(async (m) => {
      await m.save(
        PayTableRowEntity,
        data.payTable.flatMap((row) =>
          Object.entries(row.amounts).map(([stage, amountCents]) =>
            m.create(PayTableRowEntity, { payScale: row.payScale, payGroup: row.payGroup, stage: Number(stage), validFrom: row.validFrom, validTo: row.validTo, amountCents, computed: row.computed, note: row.note ?? null }),
          ),
        ),
      );
      await m.save(AllowanceRateEntity, data.allowances.map(({ amount, ...row }) => m.create(AllowanceRateEntity, { ...row, payGroups: [...row.payGroups], amountCents: amount, note: row.note ?? null })));
      await m.save(BonusBandEntity, data.bonusBands.map((row) => m.create(BonusBandEntity, { ...row, payGroups: [...row.payGroups], note: row.note ?? null })));
      await m.save(BonusRateEntity, data.bonusRates.map((row) => m.create(BonusRateEntity, { ...row, note: row.note ?? null })));
      await m.save(OnCostRateEntity, data.onCostRates.map((row) => m.create(OnCostRateEntity, { ...row, basis: row.basis ?? null, note: row.note ?? null })));
    });

    const opt = <T>(v: T | null) => v ?? undefined;
    const cells = await ds.getRepository(PayTableRowEntity).find({ order: { payScale: 'ASC', payGroup: 'ASC', validFrom: 'ASC', stage: 'ASC' } });
    const payTable = new Map<string, { payScale: string; payGroup: string; validFrom: string; validTo: string | null; computed: boolean; note?: string; amounts: Record<string, number> }>();
    for (const c of cells) {
      const key = `${c.payScale}|${c.payGroup}|${c.validFrom}`;
      const row = payTable.get(key) ?? { payScale: c.payScale, payGroup: c.payGroup, validFrom: c.validFrom, validTo: c.validTo, computed: c.computed, note: opt(c.note), amounts: {} };
      row.amounts[String(c.stage)] = c.amountCents;
      payTable.set(key, row);
    }
    const read: Omit<ReferenceData, 'name'> = {
      payTable: [...payTable.values()],
      allowances: (await ds.getRepository(AllowanceRateEntity).find()).map(({ id: _, createdAt: __, amountCents, note, ...r }) => ({ ...r, amount: amountCents, note: opt(note) })),
      bonusBands: (await ds.getRepository(BonusBandEntity).find()).map(({ id: _, createdAt: __, note, ...r }) => ({ ...r, note: opt(note) })),
      bonusRates: (await ds.getRepository(BonusRateEntity).find()).map(({ id: _, createdAt: __, note, ...r }) => ({ ...r, note: opt(note) })),
      onCostRates: (await ds.getRepository(OnCostRateEntity).find()).map(({ id: _, createdAt: __, note, basis, ...r }) => ({ ...r, basis: opt(basis), note: opt(note) })),
    };
    // percent strings come back without trailing zeros ("6.00" → "6"): the same rate
    const samePercent = <T extends { ratePercent: string }>(rows: readonly T[]) => rows.map((r) => ({ ...r, ratePercent: String(Number(r.ratePercent)) }));
    const byKey = <T>(rows: readonly T[], key: (r: T) => string) => [...rows].sort((x, y) => key(x).localeCompare(key(y)));
    const ptKey = (r: { payScale: string; payGroup: string; validFrom: string }) => `${r.payScale}|${r.payGroup}|${r.validFrom}`;
    const vKey = (r: { validFrom: string } & ({ code: string; payGroups: readonly string[] } | { band: string } | { component: string })) =>
      `${'code' in r ? r.code + r.payGroups.join() : 'band' in r ? r.band : r.component}|${r.validFrom}`;

    expect(byKey(read.payTable, ptKey)).toEqual(byKey(data.payTable, ptKey));
    expect(byKey(read.allowances, vKey)).toEqual(byKey(data.allowances, vKey));
    expect(byKey(read.bonusBands, (r) => r.band)).toEqual(byKey(data.bonusBands, (r) => r.band));
    expect(byKey(samePercent(read.bonusRates), vKey)).toEqual(byKey(samePercent(data.bonusRates), vKey));
    expect(byKey(samePercent(read.onCostRates), vKey)).toEqual(byKey(samePercent(data.onCostRates), vKey));
    expect(read.onCostRates.find((r) => r.component === 'SV' && r.validFrom === '2025-01-01')?.ratePercent).toBe('20.95');
  });

  it('refuses validity boundaries that are not month boundaries', async () => {
    const row = { pay_scale: 'TVOED_VKA', pay_group: 'E 10', stage: 1, amount_cents: 389_533 };
    await expectPgError(insert('pay_table_row', { ...row, valid_from: '2024-03-15' }), '23514', 'pay_table_row_validity_check');
    await expectPgError(insert('pay_table_row', { ...row, valid_from: '2030-03-01', valid_to: '2030-04-29' }), '23514', 'pay_table_row_validity_check');
    await insert('pay_table_row', { ...row, valid_from: '2030-03-01', valid_to: '2030-04-30' });
  });
});
