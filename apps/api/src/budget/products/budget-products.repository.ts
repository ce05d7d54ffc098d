import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ResolvedPage } from '../../common/pagination';
import { orderByClause } from '../../common/persistence';

export interface BudgetProductPathItem {
  id: string;
  number: string;
  name: string;
}

export interface BudgetProductRecord {
  id: string;
  parentId: string | null;
  number: string;
  name: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface BudgetProductFilter {
  parentId?: string;
  topLevel?: boolean;
}

interface Row {
  id: string;
  parent_id: string | null;
  number: string;
  name: string;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `p.id, p.parent_id, p.number, p.name, p.version, p.created_at, p.updated_at`;

/** Deeper than any product framework goes; stops the walk should the data ever hold a cycle. */
const MAX_DEPTH = 64;

export const PRODUCT_SORTABLE = { number: 'p.number', name: 'p.name', createdAt: 'p.created_at' };

/** The product tree of one organisation: every query names the organisation. */
@Injectable()
export class BudgetProductsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findById(organisationId: string, id: string, em: EntityManager = this.dataSource.manager, forUpdate = false): Promise<BudgetProductRecord | undefined> {
    const rows: Row[] = await em.query(
      `SELECT ${COLUMNS} FROM budget_product p WHERE p.organisation_id = $1 AND p.id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
      [organisationId, id],
    );
    return rows[0] && toRecord(rows[0]);
  }

  async list(organisationId: string, filter: BudgetProductFilter, page: ResolvedPage): Promise<{ items: BudgetProductRecord[]; total: number }> {
    const where = ['p.organisation_id = $1'];
    const params: unknown[] = [organisationId];
    if (filter.parentId) {
      params.push(filter.parentId);
      where.push(`p.parent_id = $${params.length}`);
    }
    if (filter.topLevel === true) where.push('p.parent_id IS NULL');
    if (filter.topLevel === false) where.push('p.parent_id IS NOT NULL');
    const condition = where.join(' AND ');
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(`SELECT count(*)::int AS total FROM budget_product p WHERE ${condition}`, params);
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM budget_product p WHERE ${condition}
        ORDER BY ${orderByClause(page.orderBy)} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    );
    return { items: rows.map(toRecord), total };
  }

  /** For each product: its ancestors from the top of the tree down to itself, in one query. */
  async pathsOf(organisationId: string, ids: string[], em: EntityManager = this.dataSource.manager): Promise<Map<string, BudgetProductPathItem[]>> {
    if (ids.length === 0) return new Map();
    const rows: Array<{ node_id: string; path: BudgetProductPathItem[] }> = await em.query(
      `WITH RECURSIVE up AS (
         SELECT p.id AS node_id, p.id, p.parent_id, p.number, p.name, 0 AS depth
           FROM budget_product p WHERE p.organisation_id = $1 AND p.id = ANY($2::uuid[])
         UNION ALL
         SELECT up.node_id, q.id, q.parent_id, q.number, q.name, up.depth + 1
           FROM up JOIN budget_product q ON q.organisation_id = $1 AND q.id = up.parent_id
          WHERE up.depth < ${MAX_DEPTH}
       )
       SELECT node_id, json_agg(json_build_object('id', id, 'number', number, 'name', name) ORDER BY depth DESC) AS path
         FROM up GROUP BY node_id`,
      [organisationId, ids],
    );
    return new Map(rows.map((r) => [r.node_id, r.path]));
  }

  /** Whether `candidate` is `id` itself or lies below it (then making it the parent would close a cycle). */
  async isSelfOrDescendant(em: EntityManager, organisationId: string, id: string, candidate: string): Promise<boolean> {
    const rows: Array<{ found: boolean }> = await em.query(
      `WITH RECURSIVE down AS (
         SELECT p.id, 0 AS depth FROM budget_product p WHERE p.organisation_id = $1 AND p.id = $2
         UNION ALL
         SELECT c.id, down.depth + 1 FROM down JOIN budget_product c ON c.organisation_id = $1 AND c.parent_id = down.id
          WHERE down.depth < ${MAX_DEPTH}
       )
       SELECT EXISTS (SELECT 1 FROM down WHERE id = $3) AS found`,
      [organisationId, id, candidate],
    );
    return rows[0]?.found === true;
  }

  /**
   * Serialises changes to one organisation's tree for the rest of the transaction, so that two
   * concurrent moves cannot together close a cycle that neither would alone.
   */
  async lockTree(em: EntityManager, organisationId: string): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtextextended('budget_product_tree:' || $1, 0))`, [organisationId]);
  }

  async insert(em: EntityManager, organisationId: string, values: { parentId: string | null; number: string; name: string }): Promise<BudgetProductRecord> {
    const rows: Row[] = await em.query(
      `INSERT INTO budget_product AS p (organisation_id, parent_id, number, name) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [organisationId, values.parentId, values.number, values.name],
    );
    return toRecord(rows[0]!);
  }

  /** Writes the new values and bumps the version (the caller has checked the version it was based on). */
  async update(em: EntityManager, organisationId: string, id: string, values: { parentId: string | null; number: string; name: string }): Promise<BudgetProductRecord> {
    const [rows]: [Row[], number] = await em.query(
      `UPDATE budget_product AS p SET parent_id = $3, number = $4, name = $5, version = p.version + 1, updated_at = now()
        WHERE p.organisation_id = $1 AND p.id = $2 RETURNING ${COLUMNS}`,
      [organisationId, id, values.parentId, values.number, values.name],
    );
    return toRecord(rows[0]!);
  }
}

function toRecord(row: Row): BudgetProductRecord {
  return {
    id: row.id,
    parentId: row.parent_id,
    number: row.number,
    name: row.name,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
