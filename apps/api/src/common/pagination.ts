import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { DomainError } from '@app/common';

export const MAX_PAGE_SIZE = 200;

/** `?limit=&offset=&sort=field,-other` for every list endpoint. */
export class PageQuery {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ default: 0, minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;

  @ApiPropertyOptional({ description: 'comma-separated fields, "-" for descending, e.g. "-createdAt,title"' })
  @IsOptional()
  @Matches(/^-?[A-Za-z]+(,-?[A-Za-z]+){0,4}$/, { message: 'sort must be fields separated by commas, each optionally prefixed with "-"' })
  sort?: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface ResolvedPage {
  limit: number;
  offset: number;
  /** Column expressions in a safe order, ready for ORDER BY (unknown fields were refused). */
  orderBy: Array<{ column: string; direction: 'ASC' | 'DESC' }>;
}

/**
 * Turns a page query into limit/offset/order with a whitelist of sortable fields (field name →
 * SQL column). A stable tie-breaker (`tieBreaker`, usually the id) is always appended.
 */
export function resolvePage(query: PageQuery, sortable: Record<string, string>, defaultSort: string, tieBreaker: string): ResolvedPage {
  const orderBy: ResolvedPage['orderBy'] = [];
  for (const raw of (query.sort ?? defaultSort).split(',')) {
    const descending = raw.startsWith('-');
    const field = descending ? raw.slice(1) : raw;
    const column = sortable[field];
    if (!column) throw DomainError.invalid('sort', `cannot sort by "${field}"; allowed: ${Object.keys(sortable).join(', ')}`);
    orderBy.push({ column, direction: descending ? 'DESC' : 'ASC' });
  }
  orderBy.push({ column: tieBreaker, direction: 'ASC' });
  return { limit: query.limit ?? 50, offset: query.offset ?? 0, orderBy };
}
