import type { EntityManager } from 'typeorm';

/*
 * Idempotent writes by natural key. Every demo row is looked up by its natural key first; only a
 * missing row is inserted (with ON CONFLICT DO NOTHING where the table has a unique constraint
 * on that key, so a concurrent writer outside the demo loader cannot make it fail) and gets one
 * audit event. A row that exists is never changed: the second load inserts, updates and audits
 * nothing.
 */

/** Every table the demo data writes, in load order. */
export const DEMO_TABLES = [
  'pay_table_row',
  'allowance_rate',
  'bonus_band',
  'bonus_rate',
  'on_cost_rate',
  'organisation',
  'department',
  'municipality',
  'committee',
  'committee_session',
  'app_user',
  'funder',
  'funding_programme',
  'budget_product',
  'account',
  'funding_application',
  'application_revision',
  'cost_plan_line',
  'financing_plan_line',
  'funding_notice',
  'staff_position',
  'position_stage',
  'position_allowance',
  'budget_line',
  'council_paper',
  'consultation',
  'programme_milestone',
] as const;
export type DemoTable = (typeof DEMO_TABLES)[number];

export interface TableCount {
  created: number;
  found: number;
}

/** A jsonb value: serialised with JSON.stringify and cast to jsonb (node-postgres would turn a JS array into a PostgreSQL array). */
export class Json {
  constructor(readonly value: unknown) {}
}

export const json = (value: unknown): Json => new Json(value);

type Value = string | number | boolean | null | readonly string[] | Json;
export type Row = Record<string, Value>;

export interface EnsureSpec {
  /** natural key: columns and values that identify the row (the tenant column included) */
  key: Row;
  /** the other columns, written only when the row is created */
  values?: Row;
  /** a unique constraint's columns to name in ON CONFLICT … DO NOTHING; omit where the key has none */
  conflict?: readonly string[];
}

export interface Ensured {
  id: string;
  created: boolean;
}

function sqlParam(v: Value): unknown {
  return v instanceof Json ? JSON.stringify(v.value) : v;
}

function plain(row: Row): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Json ? v.value : v]));
}

const ident = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  return `"${name}"`;
};

export class DemoWriter {
  readonly counts: Record<DemoTable, TableCount>;
  auditEvents = 0;

  constructor(
    private readonly em: EntityManager,
    readonly actor: string,
    private readonly reason: string,
  ) {
    this.counts = Object.fromEntries(DEMO_TABLES.map((t) => [t, { created: 0, found: 0 }])) as Record<DemoTable, TableCount>;
  }

  /** The row with this natural key: found, or inserted (and audited). */
  async ensure(table: DemoTable, spec: EnsureSpec): Promise<Ensured> {
    const existing = await this.find(table, spec.key);
    if (existing !== undefined) {
      this.counts[table].found++;
      return { id: existing, created: false };
    }
    const row: Row = { ...spec.key, ...(spec.values ?? {}) };
    const columns = Object.keys(row);
    const placeholders = columns.map((c, i) => (row[c] instanceof Json ? `$${i + 1}::jsonb` : `$${i + 1}`));
    const conflict = spec.conflict ? ` ON CONFLICT (${spec.conflict.map(ident).join(', ')}) DO NOTHING` : '';
    const inserted: Array<{ id: string }> = await this.em.query(
      `INSERT INTO ${ident(table)} (${columns.map(ident).join(', ')}) VALUES (${placeholders.join(', ')})${conflict} RETURNING id`,
      columns.map((c) => sqlParam(row[c])),
    );
    if (inserted.length === 0) {
      // someone else inserted the same natural key between our look-up and our insert
      const raced = await this.find(table, spec.key);
      if (raced === undefined) throw new Error(`demo data: ${table} ${JSON.stringify(plain(spec.key))} conflicts but cannot be found`);
      this.counts[table].found++;
      return { id: raced, created: false };
    }
    const id = String(inserted[0].id);
    this.counts[table].created++;
    await this.audit(table, id, row);
    return { id, created: true };
  }

  private async find(table: DemoTable, key: Row): Promise<string | undefined> {
    const params: unknown[] = [];
    const conditions = Object.entries(key).map(([column, value]) => {
      if (value === null) return `${ident(column)} IS NULL`;
      if (value instanceof Json) throw new Error(`demo data: jsonb column ${column} cannot be part of a natural key`);
      params.push(value);
      return `${ident(column)} = $${params.length}`;
    });
    const rows: Array<{ id: string }> = await this.em.query(
      `SELECT id FROM ${ident(table)} WHERE ${conditions.join(' AND ')} ORDER BY created_at, id LIMIT 1`,
      params,
    );
    return rows.length === 0 ? undefined : String(rows[0].id);
  }

  private async audit(table: DemoTable, id: string, row: Row): Promise<void> {
    const organisationId = table === 'organisation' ? id : typeof row['organisation_id'] === 'string' ? row['organisation_id'] : null;
    await this.em.query(
      `INSERT INTO audit_event (organisation_id, actor, action, subject_type, subject_id, after, reason)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
      [organisationId, this.actor, `${table}.created`, table, id, JSON.stringify({ id, ...plain(row) }), this.reason],
    );
    this.auditEvents++;
  }
}
