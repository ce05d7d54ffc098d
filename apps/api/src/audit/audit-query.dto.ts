import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../common/pagination';

/** A point in time with its zone: 2026-03-01T00:00:00+01:00 or 2026-03-01T00:00:00Z. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

function Instant(name: string) {
  return applyDecorators(
    Matches(INSTANT, { message: `${name} must be a date-time with its zone, e.g. 2026-03-01T00:00:00+01:00 or 2026-02-28T23:00:00Z` }),
    IsISO8601({ strict: true }, { message: `${name} must be a valid date-time` }),
  );
}

function Text(max: number) {
  return applyDecorators(IsOptional(), IsString(), IsNotEmpty(), MaxLength(max));
}

export class ListAuditEventsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'staff_position', maxLength: 100, description: 'what kind of thing changed (the table), e.g. funding_application, staff_position, programme_milestone' })
  @Text(100)
  subjectType?: string;

  @ApiPropertyOptional({ maxLength: 100, description: 'the id of the thing that changed' })
  @Text(100)
  subjectId?: string;

  @ApiPropertyOptional({ example: 'user:6f1c…', maxLength: 300, description: 'who: user:<id>, workflow:<workflowId> or system:<component>' })
  @Text(300)
  actor?: string;

  @ApiPropertyOptional({ example: 'position.created', maxLength: 100 })
  @Text(100)
  action?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'events at or after this instant' })
  @IsOptional()
  @Instant('from')
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'events before this instant (exclusive)' })
  @IsOptional()
  @Instant('to')
  to?: string;
}

/** One state change: who, when, what (before/after) and why. */
export class AuditEventDto {
  @ApiProperty({ example: '4711', description: 'ascending in the order the events were written' }) id!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ example: 'user:6f1c…', description: 'user:<id>, workflow:<workflowId> or system:<component>' }) actor!: string;
  @ApiProperty({ example: 'position.created' }) action!: string;
  @ApiProperty({ example: 'staff_position' }) subjectType!: string;
  @ApiProperty() subjectId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'the subject before the change, as the API showed it; null for a creation' })
  before!: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'the subject after the change' })
  after!: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the request that made the change' }) requestId!: string | null;
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventDto] }) items!: AuditEventDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
