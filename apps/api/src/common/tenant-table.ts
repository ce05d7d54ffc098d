import { DataSource, EntityManager } from 'typeorm';
import { ResolvedPage } from './pagination';
import { orderByClause } from './persistence';

/** The columns every versioned tenant row has besides its own values. */
export interface TenantRow {
  id: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A simple tenant table: its name, the alias its SQL uses, and its writable columns (field → column, in order). */
export interface TenantTableSpec<V> {
  table: string;
  alias: string;
  values: { readonly [K in keyof V]: string };
}

/** A list filter: field → value; an undefined value filters nothing. */
export type TenantTableFilter<V> = { readonly [K in keyof V]?: V[K] };

/**
 * Reads and writes of a simple versioned table of one organisation (departments, municipalities,
 * committees): every statement names the organisation, updates bump the version. A repository
 * extends it with its spec and adds what is particular to its table.
 */
export abstract class TenantTable<V extends object> {
  /** The select list: `a.id, a.col AS "field", …, a.version, a.created_at AS "createdAt", a.updated_at AS "updatedAt"`. */
  protected readonly columns: string;
  private readonly fields: Array<keyof V & string>;

  protected constructor(
    protected readonly dataSource: DataSource,
    private readonly spec: TenantTableSpec<V>,
  ) {
    const a = spec.alias;
    this.fields = Object.keys(spec.values) as Array<keyof V & string>;
    const own = this.fields.map((f) => `${a}.${this.column(f)} AS "${f}"`);
    this.columns = [`${a}.id`, ...own, `${a}.version`, `${a}.created_at AS "createdAt"`, `${a}.updated_at AS "updatedAt"`].join(', ');
  }

  async findById(organisationId: string, id: string, em: EntityManager = this.dataSource.manager, forUpdate = false): Promise<(V & TenantRow) | undefined> {
    const { table, alias: a } = this.spec;
    const rows: Array<V & TenantRow> = await em.query(
      `SELECT ${this.columns} FROM ${table} ${a} WHERE ${a}.organisation_id = $1 AND ${a}.id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
      [organisationId, id],
    );
    return rows[0];
  }

  async list(organisationId: string, page: ResolvedPage, filter: TenantTableFilter<V> = {}): Promise<{ items: Array<V & TenantRow>; total: number }> {
    const { table, alias: a } = this.spec;
    const params: unknown[] = [organisationId];
    const where = [`${a}.organisation_id = $1`];
    for (const field of this.fields) {
      const value = filter[field];
      if (value !== undefined) where.push(`${a}.${this.column(field)} = $${params.push(value)}`);
    }
    const condition = where.join(' AND ');
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(`SELECT count(*)::int AS total FROM ${table} ${a} WHERE ${condition}`, params);
    const items: Array<V & TenantRow> = await this.dataSource.query(
      `SELECT ${this.columns} FROM ${table} ${a} WHERE ${condition}
        ORDER BY ${orderByClause(page.orderBy)} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    );
    return { items, total };
  }

  async insert(em: EntityManager, organisationId: string, v: V): Promise<V & TenantRow> {
    const { table, alias: a } = this.spec;
    const columns = this.fields.map((f) => this.column(f));
    const placeholders = columns.map((_, i) => `$${i + 2}`);
    const rows: Array<V & TenantRow> = await em.query(
      `INSERT INTO ${table} AS ${a} (organisation_id, ${columns.join(', ')}) VALUES ($1, ${placeholders.join(', ')}) RETURNING ${this.columns}`,
      [organisationId, ...this.fields.map((f) => v[f])],
    );
    return rows[0]!;
  }

  /** Writes the new values and bumps the version (the caller has checked the version it was based on). */
  async update(em: EntityManager, organisationId: string, id: string, v: V): Promise<V & TenantRow> {
    const { table, alias: a } = this.spec;
    const assignments = this.fields.map((f, i) => `${this.column(f)} = $${i + 3}`);
    const [rows]: [Array<V & TenantRow>, number] = await em.query(
      `UPDATE ${table} AS ${a} SET ${assignments.join(', ')}, version = ${a}.version + 1, updated_at = now()
        WHERE ${a}.organisation_id = $1 AND ${a}.id = $2 RETURNING ${this.columns}`,
      [organisationId, id, ...this.fields.map((f) => v[f])],
    );
    return rows[0]!;
  }

  private column(field: keyof V): string {
    return this.spec.values[field];
  }
}
