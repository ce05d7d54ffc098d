import { DataSource } from 'typeorm';
import { ROLES } from '@app/common';
import { DEMO_ACTOR, DEMO_TABLES, loadDemoData, PEINE_POSITION_TITLE, type DemoSummary } from '@app/demo';
import { VORLAGE_2021_844 } from '@app/documents';
import { computeSchedule, TVOED_VKA_REFERENCE_DATA, TVOED_VKA_REFERENCE_FILE, type PositionInput } from '@app/personnel-costs';
import { createTestDatabase, TestDatabase } from './support/database';

let db: TestDatabase;
let ds: DataSource;
let first: DemoSummary;
let second: DemoSummary;
let countsAfterFirst: Record<string, number>;
let countsAfterSecond: Record<string, number>;
let digestsAfterFirst: Record<string, string>;
let digestsAfterSecond: Record<string, string>;
let auditAfterFirst: number;
let auditAfterSecond: number;

async function rowCounts(d: DataSource): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of DEMO_TABLES) out[table] = Number((await d.query(`SELECT count(*) AS n FROM "${table}"`))[0].n);
  return out;
}

/** A digest of every column of every row (version and updated_at included): equal digests, unchanged rows. */
async function digests(d: DataSource): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of DEMO_TABLES) {
    out[table] = (await d.query(`SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) AS h FROM "${table}" t`))[0].h;
  }
  return out;
}

async function auditCount(d: DataSource): Promise<number> {
  return Number((await d.query(`SELECT count(*) AS n FROM audit_event WHERE actor = $1`, [DEMO_ACTOR]))[0].n);
}

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  const rows: T[] = await ds.query(sql, params);
  expect(rows).toHaveLength(1);
  return rows[0];
}

async function orgId(slug: string): Promise<string> {
  return (await one<{ id: string }>(`SELECT id FROM organisation WHERE slug = $1`, [slug])).id;
}

beforeAll(async () => {
  db = await createTestDatabase();
  ds = db.dataSource;
  first = await loadDemoData(ds);
  countsAfterFirst = await rowCounts(ds);
  digestsAfterFirst = await digests(ds);
  auditAfterFirst = await auditCount(ds);
  second = await loadDemoData(ds);
  countsAfterSecond = await rowCounts(ds);
  digestsAfterSecond = await digests(ds);
  auditAfterSecond = await auditCount(ds);
});

afterAll(async () => {
  await db?.drop();
});

describe('loading twice', () => {
  it('the first load on a fresh database creates rows in every table and finds none', () => {
    for (const table of DEMO_TABLES) {
      expect({ table, ...first.tables[table] }).toEqual({ table, created: countsAfterFirst[table], found: 0 });
      expect(first.tables[table].created).toBeGreaterThan(0);
    }
    expect(first.created).toBe(Object.values(countsAfterFirst).reduce((a, b) => a + b, 0));
    expect(first.found).toBe(0);
    expect(first.actor).toBe('system:demo-data');
  });

  it('the second load creates nothing: every row is found', () => {
    for (const table of DEMO_TABLES) {
      expect({ table, ...second.tables[table] }).toEqual({ table, created: 0, found: first.tables[table].created });
    }
    expect(second.created).toBe(0);
    expect(second.found).toBe(first.created);
    expect(second.auditEvents).toBe(0);
    expect(second.ids).toEqual(first.ids);
  });

  it('row counts per table are unchanged and no row changed', () => {
    expect(countsAfterSecond).toEqual(countsAfterFirst);
    expect(digestsAfterSecond).toEqual(digestsAfterFirst);
  });

  it('writes one audit event per created row, and none on the second load', async () => {
    expect(first.auditEvents).toBe(first.created);
    expect(auditAfterFirst).toBe(first.created);
    expect(auditAfterSecond).toBe(auditAfterFirst);
    const duplicates = await ds.query(
      `SELECT subject_type, subject_id FROM audit_event WHERE actor = $1 GROUP BY 1, 2 HAVING count(*) > 1`,
      [DEMO_ACTOR],
    );
    expect(duplicates).toEqual([]);
    const perType: Array<{ subject_type: string; action: string; n: string }> = await ds.query(
      `SELECT subject_type, action, count(*) AS n FROM audit_event WHERE actor = $1 GROUP BY 1, 2`,
      [DEMO_ACTOR],
    );
    expect(Object.fromEntries(perType.map((r) => [r.subject_type, Number(r.n)]))).toEqual(countsAfterFirst);
    for (const r of perType) expect(r.action).toBe(`${r.subject_type}.created`);
    // tenant rows are audited in their tenant; reference data outside any tenant
    const paper = await one<{ organisation_id: string | null }>(
      `SELECT organisation_id FROM audit_event WHERE subject_type = 'council_paper' AND actor = $1`,
      [DEMO_ACTOR],
    );
    expect(paper.organisation_id).toBe(first.ids.organisations.landkreisPeine);
    const refOrgs = await ds.query(`SELECT DISTINCT organisation_id FROM audit_event WHERE subject_type = 'pay_table_row'`);
    expect(refOrgs).toEqual([{ organisation_id: null }]);
  });

  it('concurrent loads on a fresh database store everything once', async () => {
    const other = await createTestDatabase();
    try {
      const [a, b] = await Promise.all([loadDemoData(other.dataSource, { actor: 'system:demo-a' }), loadDemoData(other.dataSource, { actor: 'system:demo-b' })]);
      expect(a.created + b.created).toBe(first.created);
      expect(Math.min(a.created, b.created)).toBe(0);
      expect(await rowCounts(other.dataSource)).toEqual(countsAfterFirst);
      const audited = Number((await other.dataSource.query(`SELECT count(*) AS n FROM audit_event`))[0].n);
      expect(audited).toBe(first.created);
    } finally {
      await other.drop();
    }
  });
});

describe('reference data', () => {
  it('holds exactly the rows of tvoed-vka.json', async () => {
    const file = TVOED_VKA_REFERENCE_FILE as {
      payTable: Array<{ amounts: Record<string, string> }>;
      allowances: unknown[];
      bonusBands: unknown[];
      bonusRates: unknown[];
      onCostRates: unknown[];
    };
    expect({
      pay_table_row: countsAfterFirst.pay_table_row,
      allowance_rate: countsAfterFirst.allowance_rate,
      bonus_band: countsAfterFirst.bonus_band,
      bonus_rate: countsAfterFirst.bonus_rate,
      on_cost_rate: countsAfterFirst.on_cost_rate,
    }).toEqual({
      pay_table_row: file.payTable.reduce((n, row) => n + Object.keys(row.amounts).length, 0),
      allowance_rate: file.allowances.length,
      bonus_band: file.bonusBands.length,
      bonus_rate: file.bonusRates.length,
      on_cost_rate: file.onCostRates.length,
    });
    const s12 = await one<{ amount_cents: string; computed: boolean; valid_to: string }>(
      `SELECT amount_cents, computed, valid_to::text FROM pay_table_row
        WHERE pay_scale = 'TVOED_VKA_SUE' AND pay_group = 'S 12' AND stage = 2 AND valid_from = '2025-04-01'`,
    );
    expect(s12).toEqual({ amount_cents: '412207', computed: false, valid_to: '2026-04-30' });
    const sv = await one<{ rate_percent: string }>(`SELECT rate_percent::text FROM on_cost_rate WHERE component = 'SV' AND valid_from = '2026-01-01'`);
    expect(sv.rate_percent).toBe('21.1500');
  });
});

describe('organisations, structure and users', () => {
  it('seeds the three organisations with kind and Land', async () => {
    const orgs = await ds.query(`SELECT slug, name, kind, land_code FROM organisation ORDER BY slug`);
    expect(orgs).toEqual([
      { slug: 'hochsauerlandkreis', name: 'Hochsauerlandkreis', kind: 'county', land_code: 'NW' },
      { slug: 'landkreis-kassel', name: 'Landkreis Kassel', kind: 'county', land_code: 'HE' },
      { slug: 'landkreis-peine', name: 'Landkreis Peine', kind: 'county', land_code: 'NI' },
    ]);
  });

  it('gives every organisation one user per role', async () => {
    const subjects = { youth_office: 'jugendamt', department_head: 'fachdienstleitung', finance: 'kaemmerei', council_office: 'kreistagsbuero', auditor: 'rechnungspruefung', admin: 'admin' };
    for (const slug of ['landkreis-peine', 'landkreis-kassel', 'hochsauerlandkreis']) {
      const users: Array<{ subject: string; roles: string[]; active: boolean }> = await ds.query(
        `SELECT subject, roles, active FROM app_user WHERE organisation_id = $1 ORDER BY subject`,
        [await orgId(slug)],
      );
      expect(users).toHaveLength(ROLES.length);
      for (const role of ROLES) {
        const holders = users.filter((u) => u.roles.includes(role));
        expect({ slug, role, subjects: holders.map((u) => u.subject) }).toEqual({ slug, role, subjects: [subjects[role]] });
      }
      expect(users.every((u) => u.active && u.roles.length === 1)).toBe(true);
    }
  });

  it('seeds the 28 Städte und Gemeinden of Landkreis Kassel (11 Städte, 17 Gemeinden) and the 12 of the Hochsauerlandkreis', async () => {
    const kinds = async (slug: string) =>
      Object.fromEntries(
        (await ds.query(`SELECT kind, count(*) AS n FROM municipality WHERE organisation_id = $1 GROUP BY kind`, [await orgId(slug)])).map(
          (r: { kind: string; n: string }) => [r.kind, Number(r.n)],
        ),
      );
    expect(await kinds('landkreis-kassel')).toEqual({ city: 11, municipality: 17 });
    expect(await kinds('hochsauerlandkreis')).toEqual({ city: 10, municipality: 2 });
    const kassel = await orgId('landkreis-kassel');
    const named: Array<{ name: string; kind: string }> = await ds.query(
      `SELECT name, kind FROM municipality WHERE organisation_id = $1 AND name IN ('Naumburg', 'Baunatal', 'Hofgeismar', 'Wolfhagen') ORDER BY name`,
      [kassel],
    );
    expect(named).toEqual([
      { name: 'Baunatal', kind: 'city' },
      { name: 'Hofgeismar', kind: 'city' },
      { name: 'Naumburg', kind: 'city' },
      { name: 'Wolfhagen', kind: 'city' },
    ]);
  });

  it('gives every organisation its youth office, council office and the three council bodies', async () => {
    for (const [slug, youthOffice] of [
      ['landkreis-peine', 'Fachdienst Jugendamt'],
      ['landkreis-kassel', 'Jugendamt'],
      ['hochsauerlandkreis', 'Kreisjugendamt'],
    ]) {
      const id = await orgId(slug);
      const departments = (await ds.query(`SELECT name FROM department WHERE organisation_id = $1`, [id])).map((r: { name: string }) => r.name);
      expect(departments).toEqual(expect.arrayContaining([youthOffice, 'Büro des Kreistages']));
      const committees = (await ds.query(`SELECT name FROM committee WHERE organisation_id = $1`, [id])).map((r: { name: string }) => r.name);
      expect(committees).toEqual(expect.arrayContaining(['Jugendhilfeausschuss', 'Kreisausschuss', 'Kreistag']));
      const sessions = Number((await ds.query(`SELECT count(*) AS n FROM committee_session WHERE organisation_id = $1`, [id]))[0].n);
      expect(sessions).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('Landkreis Peine', () => {
  it('has council paper 2021/844 as in the seed, with its Beratungsfolge', async () => {
    const peine = first.ids.organisations.landkreisPeine;
    const paper = await one<Record<string, unknown>>(
      `SELECT p.id, p.paper_type, p.public, p.paper_date::text AS paper_date, d.name AS lead, p.costs_in_budget, p.cost_cents,
              p.county_executive_involved, p.qualified_majority, p.relevance_gender_mainstreaming, p.relevance_migration,
              p.relevance_prevention_sustainability, p.relevance_education, p.relevance_climate, p.title, p.sections,
              p.related_paper_numbers, p.attachments, p.status, p.application_id
         FROM council_paper p JOIN department d ON d.id = p.lead_department_id
        WHERE p.organisation_id = $1 AND p.number = '2021/844'`,
      [peine],
    );
    expect(paper).toMatchObject({
      id: first.ids.peine.councilPaperId,
      paper_type: 'information',
      public: true,
      paper_date: '2021-03-30',
      lead: 'Fachdienst Jugendamt',
      costs_in_budget: true,
      cost_cents: '5670000',
      county_executive_involved: false,
      qualified_majority: false,
      relevance_gender_mainstreaming: true,
      relevance_migration: true,
      relevance_prevention_sustainability: true,
      relevance_education: true,
      relevance_climate: false,
      title: '"Präventionsketten Niedersachsen: Gesund aufwachsen für alle Kinder!"',
      related_paper_numbers: ['2020/608'],
      attachments: [],
      status: 'released',
      application_id: first.ids.peine.applicationId,
    });
    expect(paper.sections).toEqual({
      description: VORLAGE_2021_844.sections.description,
      goals: VORLAGE_2021_844.sections.goalsAndEffects,
      resources: VORLAGE_2021_844.sections.resources,
      conclusion: ['entfällt.'],
    });
    expect((paper.sections as { description: string[] }).description[0]).toMatch(/^Bereits mit Vorlage 2020\/608 wurde die Thematik/);

    const consultations = await ds.query(
      `SELECT c.position, k.name AS committee, c.session_date::text AS session_date, c.role, c.public, c.authoritative, c.outcome
         FROM consultation c JOIN committee k ON k.id = c.committee_id WHERE c.paper_id = $1 ORDER BY c.position`,
      [paper.id],
    );
    expect(consultations).toEqual([
      {
        position: 1,
        committee: 'Ausschuss für Gleichstellung, Arbeit und Soziales',
        session_date: '2021-04-26',
        role: 'acknowledgement',
        public: true,
        authoritative: false,
        outcome: null,
      },
    ]);
    const session = await one<{ n: string }>(
      `SELECT count(*) AS n FROM committee_session s JOIN committee k ON k.id = s.committee_id
        WHERE s.organisation_id = $1 AND k.name = 'Ausschuss für Gleichstellung, Arbeit und Soziales' AND s.session_date = '2021-04-26'`,
      [peine],
    );
    expect(session.n).toBe('1');
  });

  it('plans personnel costs that match the pay table to the cent', async () => {
    const peine = first.ids.organisations.landkreisPeine;
    // the position as stored, fed back into the engine
    const position = await one<Record<string, string | number | null>>(
      `SELECT p.id, p.pay_scale, p.pay_group, p.weekly_hours::text, p.full_time_hours::text, p.start_on::text, p.end_on::text,
              p.funded_share_bp, p.status, bp.number AS product, pa.number AS pay_account, ra.number AS reimbursement_account,
              n.period_start::text AS funding_from, n.period_end::text AS funding_to, n.rate_bp, fp.cap_cents
         FROM staff_position p
         JOIN budget_product bp ON bp.id = p.budget_product_id
         JOIN account pa ON pa.id = p.pay_account_id
         JOIN account ra ON ra.id = p.reimbursement_account_id
         JOIN funding_notice n ON n.application_id = p.application_id
         JOIN funding_application a ON a.id = p.application_id
         JOIN funding_programme fp ON fp.id = a.programme_id
        WHERE p.organisation_id = $1 AND p.title = $2`,
      [peine, PEINE_POSITION_TITLE],
    );
    expect(position).toMatchObject({
      id: first.ids.peine.positionId,
      pay_scale: 'TVOED_VKA_SUE',
      pay_group: 'S 12',
      weekly_hours: '39.00',
      start_on: '2025-01-01',
      end_on: '2027-03-31',
      funded_share_bp: 5000,
      product: '3636',
      pay_account: '620010',
      reimbursement_account: '541100',
      status: 'planned',
    });
    const stages: Array<{ from: string; stage: number }> = await ds.query(
      `SELECT valid_from::text AS from, stage FROM position_stage WHERE position_id = $1 ORDER BY valid_from`,
      [position.id],
    );
    const allowances: Array<{ kind: string }> = await ds.query(`SELECT kind FROM position_allowance WHERE position_id = $1`, [position.id]);
    const input: PositionInput = {
      payScale: String(position.pay_scale),
      payGroup: String(position.pay_group),
      start: String(position.start_on),
      end: String(position.end_on),
      stageHistory: stages,
      weeklyHours: String(position.weekly_hours),
      fullTimeHours: String(position.full_time_hours),
      allowances: allowances.map((a) => ({ code: a.kind })),
      fundingPeriod: { from: String(position.funding_from), to: String(position.funding_to) },
      financing: { type: 'share', ratePercent: String(Number(position.rate_bp) / 100), cap: Number(position.cap_cents) },
    };
    const schedule = computeSchedule(input, TVOED_VKA_REFERENCE_DATA);

    const revision = await one<{ id: string }>(`SELECT id FROM application_revision WHERE application_id = $1 AND revision_no = 1`, [
      first.ids.peine.applicationId,
    ]);
    const personnel: Array<{ fiscal_year: number; amount_cents: string }> = await ds.query(
      `SELECT fiscal_year, amount_cents FROM cost_plan_line WHERE revision_id = $1 AND category = 'personnel' ORDER BY fiscal_year`,
      [revision.id],
    );
    const personnelTotal = personnel.reduce((s, l) => s + Number(l.amount_cents), 0);
    expect(personnelTotal).toBe(schedule.totals.totalCost);
    expect(personnelTotal).toBe(15_870_611); // 158.706,11 € for S 12, 27 months, 2025-01..2027-03

    const perYear = (f: (m: (typeof schedule.months)[number]) => number) => {
      const out: Record<number, number> = {};
      for (const m of schedule.months) out[Number(m.month.slice(0, 4))] = (out[Number(m.month.slice(0, 4))] ?? 0) + f(m);
      return out;
    };
    expect(Object.fromEntries(personnel.map((l) => [l.fiscal_year, Number(l.amount_cents)]))).toEqual(perYear((m) => m.totalCost));

    // budget lines: plan only, per account and year, equal to the schedule's yearly sums
    const lines: Array<{ number: string; fiscal_year: number; planned_cents: string }> = await ds.query(
      `SELECT a.number, l.fiscal_year, l.planned_cents FROM budget_line l JOIN account a ON a.id = l.account_id
         JOIN budget_product p ON p.id = l.product_id WHERE l.organisation_id = $1 AND p.number = '3636'`,
      [peine],
    );
    const plan = (account: string) => Object.fromEntries(lines.filter((l) => l.number === account).map((l) => [l.fiscal_year, Number(l.planned_cents)]));
    expect(plan('620010')).toEqual(perYear((m) => m.gross));
    expect(plan('640010')).toEqual(perYear((m) => m.onCosts.find((c) => c.component === 'SV')?.amount ?? 0));
    expect(plan('647010')).toEqual(perYear((m) => m.onCosts.find((c) => c.component === 'ZVK')?.amount ?? 0));
    expect(plan('541100')).toEqual(perYear((m) => m.reimbursement));
    expect(Number((await ds.query(`SELECT count(*) AS n FROM ledger_entry`))[0].n)).toBe(0);
  });

  it('finances the plan by the programme rule: 50 % from the funder, the rest own funds, as the notice approves', async () => {
    const app = await one<Record<string, unknown>>(
      `SELECT a.title, a.status, a.period_start::text AS period_start, a.period_end::text AS period_end, d.name AS lead,
              fp.legal_basis, fp.financing_type, fp.rate_bp, f.kind AS funder_kind,
              n.decision, n.approved_cents, n.financing_type AS notice_type, n.rate_bp AS notice_rate, n.issued_on::text AS issued_on, n.file_number
         FROM funding_application a
         JOIN department d ON d.id = a.lead_department_id
         JOIN funding_programme fp ON fp.id = a.programme_id
         JOIN funder f ON f.id = fp.funder_id
         JOIN funding_notice n ON n.application_id = a.id
        WHERE a.id = $1`,
      [first.ids.peine.applicationId],
    );
    expect(app).toMatchObject({
      title: 'Präventionsketten Niedersachsen: Gesund aufwachsen für alle Kinder!',
      status: 'approved',
      lead: 'Fachdienst Jugendamt',
      legal_basis: 'private_contract',
      financing_type: 'share',
      rate_bp: 5000,
      funder_kind: 'foundation',
      decision: 'approved',
      notice_type: 'share',
      notice_rate: 5000,
      issued_on: '2024-12-10',
    });
    const lines: Array<{ source: string; category: string | null; amount_cents: string }> = await ds.query(
      `SELECT NULL AS source, category, amount_cents FROM cost_plan_line c JOIN application_revision r ON r.id = c.revision_id WHERE r.application_id = $1
       UNION ALL
       SELECT source, NULL, amount_cents FROM financing_plan_line f JOIN application_revision r ON r.id = f.revision_id WHERE r.application_id = $1`,
      [first.ids.peine.applicationId],
    );
    const sum = (pred: (l: (typeof lines)[number]) => boolean) => lines.filter(pred).reduce((s, l) => s + Number(l.amount_cents), 0);
    const totalCost = sum((l) => l.source === null);
    expect(sum((l) => l.category === 'material')).toBeGreaterThan(0);
    const funder = sum((l) => l.source === 'funder');
    expect(funder).toBe(Math.round(totalCost / 2)); // integer cents: exact half, .5 rounded up
    expect(sum((l) => l.source === 'own')).toBe(totalCost - funder);
    expect(Number(app.approved_cents)).toBe(funder);
  });

  it('has the programme milestones and one network meeting per Gemeinde and year', async () => {
    const titles: string[] = (
      await ds.query(`SELECT title FROM programme_milestone WHERE application_id = $1 ORDER BY due_on, title`, [first.ids.peine.applicationId])
    ).map((r: { title: string }) => r.title);
    expect(titles).toEqual(
      expect.arrayContaining(['Steuerungsgruppe eingerichtet', 'Bestandsaufnahme der Angebote abgeschlossen', 'Leitbild beschlossen', 'Sozialraummonitoring aufgebaut']),
    );
    const municipalities = Number((await ds.query(`SELECT count(*) AS n FROM municipality WHERE organisation_id = $1`, [first.ids.organisations.landkreisPeine]))[0].n);
    expect(municipalities).toBe(7);
    expect(titles.filter((t) => t.startsWith('Netzwerktreffen 2025 – '))).toHaveLength(municipalities);
    expect(titles.filter((t) => t.startsWith('Netzwerktreffen 2026 – '))).toHaveLength(municipalities);
    expect(titles).toContain('Netzwerktreffen 2026 – Stadt Peine');
  });
});

describe('Landkreis Kassel and Hochsauerlandkreis', () => {
  it('Kassel: Modellregion Stadt Naumburg under the Hessian Familienzentren programme (Festbetrag)', async () => {
    const app = await one<Record<string, unknown>>(
      `SELECT a.title, a.status, fp.name AS programme, fp.legal_basis, fp.financing_type, fp.cap_cents,
              (SELECT count(*) FROM programme_milestone m WHERE m.application_id = a.id) AS milestones,
              (SELECT sum(amount_cents) FROM financing_plan_line f JOIN application_revision r ON r.id = f.revision_id
                WHERE r.application_id = a.id AND f.source = 'funder') AS funder
         FROM funding_application a JOIN funding_programme fp ON fp.id = a.programme_id WHERE a.id = $1`,
      [first.ids.kassel.applicationId],
    );
    expect(app).toMatchObject({
      title: 'Modellregion Stadt Naumburg: Gründung eines Familienzentrums',
      status: 'submitted',
      programme: 'Etablierung von Familienzentren in Hessen',
      legal_basis: 'land_grant',
      financing_type: 'fixed',
      cap_cents: '1800000',
      funder: '1800000',
    });
    expect(Number(app.milestones)).toBeGreaterThanOrEqual(3);
  });

  it('HSK: kinderstark application with a local network meeting per Kommune of the Kreisjugendamt', async () => {
    const app = await one<Record<string, unknown>>(
      `SELECT fp.name AS programme, fp.legal_basis, fp.anbest_variant, fp.financing_type, fp.pass_on_allowed, d.name AS lead
         FROM funding_application a JOIN funding_programme fp ON fp.id = a.programme_id JOIN department d ON d.id = a.lead_department_id
        WHERE a.id = $1`,
      [first.ids.hochsauerlandkreis.applicationId],
    );
    expect(app).toEqual({
      programme: 'kinderstark – NRW schafft Chancen',
      legal_basis: 'land_grant',
      anbest_variant: 'G',
      financing_type: 'share',
      pass_on_allowed: true,
      lead: 'Kreisjugendamt',
    });
    const networks: string[] = (
      await ds.query(`SELECT title FROM programme_milestone WHERE application_id = $1 AND title LIKE 'Lokales Netzwerk%' ORDER BY title`, [
        first.ids.hochsauerlandkreis.applicationId,
      ])
    ).map((r: { title: string }) => r.title);
    expect(networks).toHaveLength(9);
    expect(networks.some((t) => t.includes('Arnsberg'))).toBe(false);
    expect(networks).toContain('Lokales Netzwerk „Starke Kinder – Starke Jugend“ Brilon: Netzwerktreffen 2026');
  });
});
