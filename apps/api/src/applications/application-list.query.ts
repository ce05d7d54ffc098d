import { APPLICATION_STATUSES } from '@app/database';
import type { ResolvedPage } from '../common/pagination';
import { containsPattern } from '../common/persistence';

/*
 * The SQL of the application list, as a pure function: the repository runs it, and the list
 * benchmark's bare baseline runs the very same statement.
 */

export interface ApplicationListFilter {
  status?: readonly string[];
  programmeId?: string;
  leadDepartmentId?: string;
  /** Project period overlaps [from, to] (both inclusive). */
  periodOverlaps?: { from: string; to: string };
  /** Title contains (case-insensitive, Unicode case folding: "PRÄVENTION" finds "Präventionskette"). */
  q?: string;
}

/**
 * Sortable fields → SQL over the table alias `{t}` (the statement sorts twice: the page inside,
 * the joined rows outside). Titles sort the German way, statuses in lifecycle order.
 */
export const APPLICATION_SORTABLE: Record<string, string> = {
  title: '{t}.title COLLATE "de-DE-x-icu"',
  createdAt: '{t}.created_at',
  periodStart: '{t}.period_start',
  status: `array_position(ARRAY[${APPLICATION_STATUSES.map((s) => `'${s}'`).join(', ')}]::text[], {t}.status)`,
};
export const APPLICATION_DEFAULT_SORT = '-createdAt';
export const APPLICATION_TIE_BREAKER = '{t}.id';

/** A row of the list statement (bigint and count as node-postgres returns them: strings). */
export interface ApplicationListRow {
  id: string;
  title: string;
  programmeId: string;
  programmeName: string;
  leadDepartmentId: string;
  leadDepartmentName: string;
  status: string;
  periodStart: string;
  periodEnd: string;
  currentRevision: number;
  costTotalCents: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  total: string;
}

function orderBy(page: ResolvedPage, alias: string): string {
  return page.orderBy.map((o) => `${o.column.replaceAll('{t}', alias)} ${o.direction}`).join(', ');
}

/** The WHERE of the list (always the organisation first) and its parameters. */
function conditions(organisationId: string, filter: ApplicationListFilter): { where: string; values: unknown[] } {
  const values: unknown[] = [organisationId];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const where = ['a.organisation_id = $1'];
  if (filter.status?.length) where.push(`a.status = ANY(${param(filter.status)}::text[])`);
  if (filter.programmeId) where.push(`a.programme_id = ${param(filter.programmeId)}`);
  if (filter.leadDepartmentId) where.push(`a.lead_department_id = ${param(filter.leadDepartmentId)}`);
  if (filter.periodOverlaps) {
    where.push(`a.period_start <= ${param(filter.periodOverlaps.to)}::date AND a.period_end >= ${param(filter.periodOverlaps.from)}::date`);
  }
  if (filter.q) where.push(`a.title COLLATE "pg_c_utf8" ILIKE ${param(containsPattern(filter.q))} ESCAPE '\\'`);
  return { where: where.join(' AND '), values };
}

/**
 * One round trip: the page of matching applications with the number of all matches, then their
 * programme, lead department and the cost total of the current revision, for those rows only.
 * The number comes from a second, narrow count (an index-only scan where the filter allows it);
 * with a title search, whose predicate is the expensive part, from a window over the one scan.
 */
export function applicationListQuery(organisationId: string, filter: ApplicationListFilter, page: ResolvedPage): { text: string; values: unknown[] } {
  const { where, values } = conditions(organisationId, filter);
  const limit = `$${values.push(page.limit)}`;
  const offset = `$${values.push(page.offset)}`;
  const countInPage = filter.q !== undefined;
  const text = `
    WITH page AS (
      SELECT a.id, a.title, a.programme_id, a.lead_department_id, a.status, a.period_start, a.period_end,
             a.current_revision, a.version, a.created_at, a.updated_at${countInPage ? ', count(*) OVER () AS total' : ''}
        FROM funding_application a
       WHERE ${where}
       ORDER BY ${orderBy(page, 'a')}
       LIMIT ${limit} OFFSET ${offset}
    )
    SELECT p.id, p.title, p.programme_id AS "programmeId", fp.name AS "programmeName",
           p.lead_department_id AS "leadDepartmentId", d.name AS "leadDepartmentName", p.status,
           to_char(p.period_start, 'YYYY-MM-DD') AS "periodStart", to_char(p.period_end, 'YYYY-MM-DD') AS "periodEnd",
           p.current_revision AS "currentRevision",
           (SELECT COALESCE(sum(c.amount_cents), 0)
              FROM application_revision r
              JOIN cost_plan_line c ON c.organisation_id = r.organisation_id AND c.revision_id = r.id
             WHERE r.organisation_id = $1 AND r.application_id = p.id AND r.revision_no = p.current_revision) AS "costTotalCents",
           p.version, p.created_at AS "createdAt", p.updated_at AS "updatedAt",
           ${countInPage ? 'p.total' : `(SELECT count(*) FROM funding_application a WHERE ${where})`} AS total
      FROM page p
      JOIN funding_programme fp ON fp.organisation_id = $1 AND fp.id = p.programme_id
      JOIN department d ON d.organisation_id = $1 AND d.id = p.lead_department_id
     ORDER BY ${orderBy(page, 'p')}`;
  return { text, values };
}

/** The number of matches, for a page beyond the last one (where the list statement has no row to carry it). */
export function applicationCountQuery(organisationId: string, filter: ApplicationListFilter): { text: string; values: unknown[] } {
  const { where, values } = conditions(organisationId, filter);
  return { text: `SELECT count(*) AS total FROM funding_application a WHERE ${where}`, values };
}
