import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/*
 * Benchmark data: organisations with departments, funders, programmes, users and many funding
 * applications with revisions and plan lines, written with a few set-based INSERTs. Deterministic
 * in everything but the ids.
 */

export interface BenchOrganisation {
  id: string;
  slug: string;
  subject: string;
  programmeIds: string[];
  departmentIds: string[];
  applications: number;
}

/** mulberry32: small, fast, deterministic. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOPICS = [
  'Präventionskette',
  'Familienzentrum',
  'Frühe Hilfen',
  'Kinderschutz',
  'Jugendsozialarbeit',
  'Schulsozialarbeit',
  'Netzwerkkoordination',
  'Elternbildung',
  'Gesund aufwachsen',
  'Übergang Kita–Schule',
  'Sozialraummonitoring',
  'Lotsendienst Geburtskliniken',
];
/** Towns and municipalities of Landkreis Kassel (for titles). */
const PLACES = [
  'Ahnatal', 'Bad Emstal', 'Bad Karlshafen', 'Baunatal', 'Breuna', 'Calden', 'Espenau', 'Fuldabrück', 'Fuldatal', 'Grebenstein',
  'Habichtswald', 'Helsa', 'Hofgeismar', 'Immenhausen', 'Kaufungen', 'Liebenau', 'Lohfelden', 'Naumburg', 'Nieste', 'Niestetal',
  'Wesertal', 'Reinhardshagen', 'Schauenburg', 'Söhrewald', 'Trendelburg', 'Vellmar', 'Wolfhagen', 'Zierenberg',
];
const DEPARTMENTS = ['Fachdienst Jugendamt', 'Fachdienst Gesundheitsamt', 'Fachdienst Sozialamt', 'Fachbereich Schule', 'Stabsstelle Sozialplanung', 'Fachdienst Familie'];
const STATUSES: Array<[string, number]> = [
  ['draft', 15], ['internal_review', 5], ['council_consultation', 5], ['submitted', 10], ['approved', 10], ['partly_approved', 3],
  ['rejected', 4], ['disbursing', 15], ['reporting', 10], ['proof_of_use_due', 5], ['proof_submitted', 4], ['checked', 3],
  ['closed', 8], ['repayment', 1], ['withdrawn', 2],
];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Inserts `total` applications spread over `organisations` tenants; returns what the benchmark needs to query them. */
export async function loadApplications(url: string, total: number, organisations: number): Promise<BenchOrganisation[]> {
  const next = random(20_260_101);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const weighted = (() => {
    const sum = STATUSES.reduce((s, [, w]) => s + w, 0);
    return () => {
      let r = next() * sum;
      for (const [status, weight] of STATUSES) if ((r -= weight) < 0) return status;
      return STATUSES[0]![0];
    };
  })();

  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    const result: BenchOrganisation[] = [];
    for (let k = 1; k <= organisations; k++) {
      const slug = `landkreis-bench-${k}`;
      const [{ id }] = (
        await client.query(`INSERT INTO organisation (name, kind, land_code, slug) VALUES ($1, 'county', 'HE', $2) RETURNING id`, [`Landkreis Bench ${k}`, slug])
      ).rows;
      await client.query(`INSERT INTO app_user (organisation_id, subject, display_name, roles) VALUES ($1, 'sachbearbeitung', 'Sachbearbeitung', '{youth_office}')`, [id]);
      const departmentIds = (
        await client.query(`INSERT INTO department (organisation_id, name) SELECT $1, unnest($2::text[]) RETURNING id`, [id, DEPARTMENTS])
      ).rows.map((r: { id: string }) => r.id);
      const funderIds = (
        await client.query(
          `INSERT INTO funder (organisation_id, kind, name) VALUES ($1, 'land', 'Hessisches Ministerium für Soziales und Integration'), ($1, 'foundation', 'Stiftung Gesund aufwachsen') RETURNING id`,
          [id],
        )
      ).rows.map((r: { id: string }) => r.id);
      const programmeIds: string[] = [];
      for (let p = 1; p <= 8; p++) {
        const [row] = (
          await client.query(
            `INSERT INTO funding_programme (organisation_id, funder_id, name, legal_basis, anbest_variant, financing_type, rate_bp)
             VALUES ($1, $2, $3, 'land_grant', 'G', 'share', 8000) RETURNING id`,
            [id, funderIds[p % 2], `Förderprogramm ${p}`],
          )
        ).rows;
        programmeIds.push(row.id);
      }
      const count = Math.floor(total / organisations) + (k <= total % organisations ? 1 : 0);
      await insertApplications(client, id, programmeIds, departmentIds, count, { next, pick, weighted });
      result.push({ id, slug, subject: 'sachbearbeitung', programmeIds, departmentIds, applications: count });
    }
    await client.query('COMMIT');
    await client.query('ANALYZE');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    await client.end();
  }
}

async function insertApplications(
  client: Client,
  organisationId: string,
  programmeIds: string[],
  departmentIds: string[],
  count: number,
  r: { next: () => number; pick: <T>(items: readonly T[]) => T; weighted: () => string },
): Promise<void> {
  const apps = { id: [] as string[], programme: [] as string[], department: [] as string[], title: [] as string[], start: [] as string[], end: [] as string[], status: [] as string[], revision: [] as number[], created: [] as string[] };
  const revisions = { id: [] as string[], application: [] as string[], no: [] as number[], reason: [] as string[] };
  const cost = { revision: [] as string[], lineNo: [] as number[], category: [] as string[], label: [] as string[], year: [] as Array<number | null>, amount: [] as string[] };
  const financing = { revision: [] as string[], lineNo: [] as number[], source: [] as string[], label: [] as string[], amount: [] as string[] };

  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    const startYear = 2019 + Math.floor(r.next() * 12);
    const startMonth = 1 + Math.floor(r.next() * 12);
    const months = 12 + Math.floor(r.next() * 37);
    const endIndex = startYear * 12 + startMonth - 1 + months - 1;
    const endYear = Math.floor(endIndex / 12);
    const endMonth = (endIndex % 12) + 1;
    const endDay = new Date(Date.UTC(endYear, endMonth, 0)).getUTCDate();
    const revisionCount = r.next() < 0.1 ? 2 : 1;
    apps.id.push(id);
    apps.programme.push(r.pick(programmeIds));
    apps.department.push(r.pick(departmentIds));
    apps.title.push(`${r.pick(TOPICS)} ${r.pick(PLACES)} ${startYear}–${endYear}`);
    apps.start.push(`${startYear}-${pad(startMonth)}-01`);
    apps.end.push(`${endYear}-${pad(endMonth)}-${pad(endDay)}`);
    apps.status.push(r.weighted());
    apps.revision.push(revisionCount);
    apps.created.push(new Date(Date.UTC(2021, 0, 1) + Math.floor(r.next() * 5 * 365 * 86_400_000)).toISOString());
    for (let no = 1; no <= revisionCount; no++) {
      const revisionId = randomUUID();
      revisions.id.push(revisionId);
      revisions.application.push(id);
      revisions.no.push(no);
      revisions.reason.push(no === 1 ? '' : 'Änderungsantrag: Verlängerung der Stelle');
      const personnel = 100 * Math.floor(r.next() * 1_500_000);
      const material = 100 * Math.floor(r.next() * 200_000);
      const other = Math.floor(r.next() * 5_000_000);
      const lines: Array<[string, string, number | null, number]> = [
        ['personnel', 'Netzwerkkoordination (S 12, 39 h)', startYear, personnel],
        ['material', 'Sachkosten Netzwerktreffen', null, material],
        ['other', 'Öffentlichkeitsarbeit', null, other],
      ];
      lines.forEach(([category, label, year, amount], n) => {
        cost.revision.push(revisionId);
        cost.lineNo.push(n + 1);
        cost.category.push(category);
        cost.label.push(label);
        cost.year.push(year);
        cost.amount.push(String(amount));
      });
      const totalCents = personnel + material + other;
      const funderCents = Math.round(totalCents * 0.8);
      for (const [n, [source, label, amount]] of ([['funder', 'Zuwendung Land Hessen', funderCents], ['own', 'Eigenmittel Landkreis', totalCents - funderCents]] as const).entries()) {
        financing.revision.push(revisionId);
        financing.lineNo.push(n + 1);
        financing.source.push(source);
        financing.label.push(label);
        financing.amount.push(String(amount));
      }
    }
  }

  await client.query(
    `INSERT INTO funding_application (id, organisation_id, programme_id, lead_department_id, title, period_start, period_end, status, current_revision, created_at, updated_at)
     SELECT t.id, $1, t.programme_id, t.department_id, t.title, t.period_start, t.period_end, t.status, t.current_revision, t.created_at, t.created_at
       FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::date[], $7::date[], $8::text[], $9::int[], $10::timestamptz[])
         AS t(id, programme_id, department_id, title, period_start, period_end, status, current_revision, created_at)`,
    [organisationId, apps.id, apps.programme, apps.department, apps.title, apps.start, apps.end, apps.status, apps.revision, apps.created],
  );
  await client.query(
    `INSERT INTO application_revision (id, organisation_id, application_id, revision_no, reason, created_by)
     SELECT t.id, $1, t.application_id, t.revision_no, t.reason, 'system:bench'
       FROM unnest($2::uuid[], $3::uuid[], $4::int[], $5::text[]) AS t(id, application_id, revision_no, reason)`,
    [organisationId, revisions.id, revisions.application, revisions.no, revisions.reason],
  );
  await client.query(
    `INSERT INTO cost_plan_line (organisation_id, revision_id, line_no, category, label, fiscal_year, amount_cents)
     SELECT $1, t.revision_id, t.line_no, t.category, t.label, t.fiscal_year, t.amount_cents
       FROM unnest($2::uuid[], $3::int[], $4::text[], $5::text[], $6::int[], $7::bigint[]) AS t(revision_id, line_no, category, label, fiscal_year, amount_cents)`,
    [organisationId, cost.revision, cost.lineNo, cost.category, cost.label, cost.year, cost.amount],
  );
  await client.query(
    `INSERT INTO financing_plan_line (organisation_id, revision_id, line_no, source, label, amount_cents)
     SELECT $1, t.revision_id, t.line_no, t.source, t.label, t.amount_cents
       FROM unnest($2::uuid[], $3::int[], $4::text[], $5::text[], $6::bigint[]) AS t(revision_id, line_no, source, label, amount_cents)`,
    [organisationId, financing.revision, financing.lineNo, financing.source, financing.label, financing.amount],
  );
}
