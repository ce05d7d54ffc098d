import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, ValidateIf } from 'class-validator';
import { OneOrMoreOf } from '../common/query-filters';
import { MILESTONE_STATUSES, type MilestoneStatus } from '@app/database';
import { PageQuery } from '../common/pagination';

/*
 * Requests and responses of the milestones API (Meilensteine of a funded programme). Dates are
 * calendar dates YYYY-MM-DD. A milestone is done only through /complete, with its evidence;
 * 'overdue' is set when the deadline passes (milestone workflow), never by a request.
 */

function CalendarDate(name: string) {
  return applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: `${name} must be a date YYYY-MM-DD` }),
    IsISO8601({ strict: true }, { message: `${name} must be a valid calendar date` }),
  );
}

/** Statuses a PATCH may set: cancel a milestone, or reopen a cancelled (or overdue) one. */
export const SETTABLE_MILESTONE_STATUSES = ['open', 'cancelled'] as const;

export class CreateMilestoneDto {
  @ApiProperty({ example: 'Steuerungsgruppe eingerichtet', maxLength: 300 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title!: string;

  @ApiProperty({ format: 'date', example: '2026-06-30' })
  @CalendarDate('dueOn')
  dueOn!: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'the responsible user (an active user of your organisation); reminders go to them' })
  @IsOptional()
  @IsUUID()
  ownerId?: string | null;
}

export class UpdateMilestoneDto {
  @ApiProperty({ example: 1, description: 'the version your change is based on (optimistic locking)' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ format: 'date', description: 'a new due date; an overdue milestone is open again' })
  @IsOptional()
  @CalendarDate('dueOn')
  dueOn?: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'null: nobody is responsible' })
  @ValidateIf((o: UpdateMilestoneDto) => o.ownerId !== null && o.ownerId !== undefined)
  @IsUUID()
  ownerId?: string | null;

  @ApiPropertyOptional({ enum: SETTABLE_MILESTONE_STATUSES, description: 'cancelled: no longer pursued; open: reopen. Done only via /complete.' })
  @IsOptional()
  @IsIn(SETTABLE_MILESTONE_STATUSES)
  status?: (typeof SETTABLE_MILESTONE_STATUSES)[number];

  @ApiPropertyOptional({ description: 'why, for the audit log', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class CompleteMilestoneDto {
  @ApiProperty({ example: 'Protokoll der konstituierenden Sitzung vom 12.03.2026', maxLength: 5000, description: 'what shows it is done (minutes, a link, a document reference)' })
  @IsString()
  @Matches(/\S/, { message: 'evidence must not be empty' })
  @MaxLength(5000)
  evidence!: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-03-12', description: 'the day it was done; not in the future; default: today (Europe/Berlin)' })
  @IsOptional()
  @CalendarDate('doneOn')
  doneOn?: string;
}

export class ListMilestonesQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  applicationId?: string;

  @OneOrMoreOf(MILESTONE_STATUSES)
  status?: MilestoneStatus[];

  @ApiPropertyOptional({ format: 'date', description: 'due on or after this day' })
  @IsOptional()
  @CalendarDate('dueFrom')
  dueFrom?: string;

  @ApiPropertyOptional({ format: 'date', description: 'due on or before this day' })
  @IsOptional()
  @CalendarDate('dueTo')
  dueTo?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the responsible user' })
  @IsOptional()
  @IsUUID()
  ownerId?: string;
}

export class MilestoneDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty() applicationTitle!: string;
  @ApiProperty({ example: 'Steuerungsgruppe eingerichtet' }) title!: string;
  @ApiProperty({ format: 'date' }) dueOn!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) ownerId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'display name of the responsible user' }) ownerName!: string | null;
  @ApiProperty({ enum: MILESTONE_STATUSES }) status!: MilestoneStatus;
  @ApiProperty({ type: String, nullable: true }) evidence!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) doneOn!: string | null;
  @ApiProperty({ example: 1, description: 'optimistic-lock version: send it back with a change' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class MilestonePageDto {
  @ApiProperty({ type: [MilestoneDto] }) items!: MilestoneDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
