import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { OneOrMoreOf } from '../common/query-filters';
import { POSITION_CHANGE_KINDS, POSITION_STATUSES, type PositionChangeKind, type PositionStatus } from '@app/database';
import { PageQuery } from '../common/pagination';
import { HOURS, TERMS_EDITABLE } from './position-rules';

/*
 * Requests and responses of the staff positions API (Stellenplan). Hours are decimal strings
 * ("19.5"), exact as the personnel-cost engine takes them; dates are calendar dates YYYY-MM-DD;
 * the funded share is in basis points (8000 = 80 %).
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function CalendarDate(name: string) {
  return applyDecorators(
    Matches(DATE, { message: `${name} must be a date YYYY-MM-DD` }),
    IsISO8601({ strict: true }, { message: `${name} must be a valid calendar date` }),
  );
}

function Hours(name: string) {
  return applyDecorators(
    IsString({ message: `${name} must be a decimal number of hours as a string, e.g. "19.5"` }),
    Matches(HOURS, { message: `${name} must be a decimal number of hours as a string, at most two decimals, e.g. "19.5"` }),
  );
}

/** Only when the property is present and not null (PATCH: null clears the value). */
const present = (property: string) => ValidateIf((o: Record<string, unknown>) => o[property] !== null && o[property] !== undefined);

const PAY_SCALE = /^[A-Z][A-Z0-9_]{0,39}$/;
const HOURS_DOC = { type: String, pattern: HOURS.source } as const;
const STAGE_DOC = { type: 'integer', minimum: 1, maximum: 6 } as const;
const SHARE_DOC = { type: 'integer', nullable: true, minimum: 0, maximum: 10000, example: 8000, description: "the funder's share of the cost in basis points (8000 = 80 %); null: per the funding notice" } as const;
const EDITABLE_STATUSES = TERMS_EDITABLE as readonly string[];

// ------------------------------------------------------------------------------------------------ requests

/** A new Stelle in the Stellenplan (status planned) with its first Stufe from the start. */
export class CreatePositionDto {
  @ApiProperty({ example: 'Netzwerkkoordination Präventionsketten', maxLength: 300 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title!: string;

  @ApiProperty({ example: 'TVOED_VKA_SUE', description: "the pay table: 'TVOED_VKA' (E groups) or 'TVOED_VKA_SUE' (S groups, Anlage C)" })
  @IsString()
  @Matches(PAY_SCALE, { message: 'payScale must be a pay table code such as TVOED_VKA or TVOED_VKA_SUE' })
  payScale!: string;

  @ApiProperty({ example: 'S 12', maxLength: 20, description: 'Eingruppierung: a group of the pay table' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  payGroup!: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '6', maxLength: 20, description: 'Fallgruppe, where an allowance depends on it' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  caseGroup?: string | null;

  @ApiProperty({ ...HOURS_DOC, example: '19.5', description: 'weekly hours of the position; more than 0, at most fullTimeHours' })
  @Hours('weeklyHours')
  weeklyHours!: string;

  @ApiPropertyOptional({ ...HOURS_DOC, example: '39', default: '39', description: 'weekly hours of a comparable full-time employee (TVöD-VKA: 39)' })
  @IsOptional()
  @Hours('fullTimeHours')
  fullTimeHours?: string;

  @ApiProperty({ format: 'date', example: '2026-01-01', description: 'first day of the position' })
  @CalendarDate('startOn')
  startOn!: string;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2028-12-31', description: 'last day (inclusive); absent or null: permanent' })
  @IsOptional()
  @CalendarDate('endOn')
  endOn?: string | null;

  @ApiPropertyOptional(SHARE_DOC)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  fundedShareBp?: number | null;

  @ApiProperty({ format: 'uuid', description: 'the budget product (Produkt) that carries the cost' })
  @IsUUID()
  budgetProductId!: string;

  @ApiProperty({ format: 'uuid', description: 'expense account of the pay (Tabellenentgelt), e.g. 620010' })
  @IsUUID()
  payAccountId!: string;

  @ApiProperty({ format: 'uuid', description: "revenue account of the funder's reimbursement, e.g. 541100" })
  @IsUUID()
  reimbursementAccountId!: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'the funding application that finances the position, if any' })
  @IsOptional()
  @IsUUID()
  applicationId?: string | null;

  @ApiProperty({ ...STAGE_DOC, example: 2, description: 'the Stufe from the start (Stufenfestsetzung); must exist in the pay table for the group' })
  @IsInt()
  @Min(1)
  @Max(6)
  firstStage!: number;
}

/**
 * Changes to a position: only the fields given change; `version` is the version the change is
 * based on. The title can always change; every other term only while the position is planned or
 * advertised (afterwards: POST /positions/{id}/changes). `status` moves between planned and
 * advertised (Ausschreibung); a holder fills the position.
 */
export class UpdatePositionDto {
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

  @ApiPropertyOptional({ enum: TERMS_EDITABLE, description: 'planned ↔ advertised; filled, vacant and ended follow from holders and the position workflow' })
  @IsOptional()
  @IsIn(EDITABLE_STATUSES)
  status?: PositionStatus;

  @ApiPropertyOptional({ example: 'TVOED_VKA' })
  @IsOptional()
  @IsString()
  @Matches(PAY_SCALE, { message: 'payScale must be a pay table code such as TVOED_VKA or TVOED_VKA_SUE' })
  payScale?: string;

  @ApiPropertyOptional({ example: 'E 10', maxLength: 20 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  payGroup?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 20, description: 'null removes it' })
  @present('caseGroup')
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  caseGroup?: string | null;

  @ApiPropertyOptional({ ...HOURS_DOC, example: '39' })
  @IsOptional()
  @Hours('weeklyHours')
  weeklyHours?: string;

  @ApiPropertyOptional({ ...HOURS_DOC, example: '39' })
  @IsOptional()
  @Hours('fullTimeHours')
  fullTimeHours?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @CalendarDate('startOn')
  startOn?: string;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'null: permanent' })
  @present('endOn')
  @CalendarDate('endOn')
  endOn?: string | null;

  @ApiPropertyOptional(SHARE_DOC)
  @present('fundedShareBp')
  @IsInt()
  @Min(0)
  @Max(10000)
  fundedShareBp?: number | null;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  budgetProductId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  payAccountId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  reimbursementAccountId?: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'null detaches the position from its application' })
  @present('applicationId')
  @IsUUID()
  applicationId?: string | null;

  @ApiPropertyOptional({ ...STAGE_DOC, description: 'the Stufe from the start' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(6)
  firstStage?: number;

  @ApiPropertyOptional({ description: 'why, for the audit log', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

/**
 * A dated change to a filled position, applied in order as the personnel-cost engine applies its
 * `changes`. Payload by kind: hours { "weeklyHours": "19.5" } from effectiveOn; stage { "stage": 3 }
 * from effectiveOn, the 1st of a month; early_end {} with effectiveOn the new last day; extension
 * { "councilDecisionRef": "2026/123" } with effectiveOn the new last day.
 */
export class CreatePositionChangeDto {
  @ApiProperty({ enum: POSITION_CHANGE_KINDS, example: 'hours' })
  @IsIn(POSITION_CHANGE_KINDS)
  kind!: PositionChangeKind;

  @ApiProperty({ format: 'date', example: '2026-07-01', description: 'from (hours, stage) or the new last day (early_end, extension)' })
  @CalendarDate('effectiveOn')
  effectiveOn!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { weeklyHours: '19.5' },
    description: 'hours: { weeklyHours }, stage: { stage }, early_end: {}, extension: { councilDecisionRef }',
  })
  @IsOptional()
  @IsObject()
  payload?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'why, for the audit log', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

/** Who fills the position from when to when (Stellenbesetzung); periods of holders never overlap. */
export class CreatePositionHolderDto {
  @ApiProperty({ example: 'N. N.', maxLength: 300 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  holderName!: string;

  @ApiProperty({ format: 'date', example: '2026-02-01' })
  @CalendarDate('validFrom')
  validFrom!: string;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'last day (inclusive); absent or null: holds it still' })
  @IsOptional()
  @CalendarDate('validTo')
  validTo?: string | null;
}

export class ListPositionsQuery extends PageQuery {
  @OneOrMoreOf(POSITION_STATUSES)
  status?: PositionStatus[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  applicationId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  budgetProductId?: string;

  @ApiPropertyOptional({ example: 'S 12', maxLength: 20 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  payGroup?: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-06-30', description: 'positions running on this day (start on or before, last day — after changes — on or after)' })
  @IsOptional()
  @CalendarDate('activeOn')
  activeOn?: string;
}

// ------------------------------------------------------------------------------------------------ responses

export class PositionStageDto {
  @ApiProperty({ format: 'date' }) validFrom!: string;
  @ApiProperty(STAGE_DOC) stage!: number;
}

export class PositionAllowanceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'SUE_ZULAGE' }) kind!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ type: 'integer', format: 'int64', nullable: true, description: 'agreed monthly full-time amount in cents; null: from the reference data' }) amountCents!: number | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) validFrom!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) validTo!: string | null;
  @ApiProperty({ type: Boolean, nullable: true }) proRataPartTime!: boolean | null;
  @ApiProperty({ type: Boolean, nullable: true }) proRataPartialMonth!: boolean | null;
  @ApiProperty({ type: Boolean, nullable: true }) inBonusBase!: boolean | null;
  @ApiProperty({ type: Boolean, nullable: true }) inOnCostBase!: boolean | null;
}

export class PositionHolderDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'N. N.' }) holderName!: string;
  @ApiProperty({ format: 'date' }) validFrom!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'null: holds it still' }) validTo!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class PositionChangeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'the order in which the changes apply' }) sequenceNo!: number;
  @ApiProperty({ enum: POSITION_CHANGE_KINDS }) kind!: PositionChangeKind;
  @ApiProperty({ format: 'date' }) effectiveOn!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { weeklyHours: '19.5' } }) payload!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** A Stelle in a list. */
export class PositionSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: POSITION_STATUSES }) status!: PositionStatus;
  @ApiProperty({ example: 'TVOED_VKA_SUE' }) payScale!: string;
  @ApiProperty({ example: 'S 12' }) payGroup!: string;
  @ApiProperty({ type: String, nullable: true }) caseGroup!: string | null;
  @ApiProperty({ ...HOURS_DOC, example: '19.5' }) weeklyHours!: string;
  @ApiProperty({ ...HOURS_DOC, example: '39' }) fullTimeHours!: string;
  @ApiProperty({ format: 'date' }) startOn!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'the planned last day; null: permanent' }) endOn!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'the last day after early ends and extensions' }) effectiveEndOn!: string | null;
  @ApiProperty(SHARE_DOC) fundedShareBp!: number | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) applicationId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) budgetProductId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) payAccountId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) reimbursementAccountId!: string | null;
  @ApiProperty({ example: 1, description: 'optimistic-lock version: send it back with a change' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** A Stelle with its stage history, allowances, holders and changes. */
export class PositionDto extends PositionSummaryDto {
  @ApiProperty({ type: [PositionStageDto], description: 'Stufen by date; the first from the start' }) stages!: PositionStageDto[];
  @ApiProperty({ type: [PositionAllowanceDto] }) allowances!: PositionAllowanceDto[];
  @ApiProperty({ type: [PositionHolderDto], description: 'by validFrom' }) holders!: PositionHolderDto[];
  @ApiProperty({ type: [PositionChangeDto], description: 'in the order they apply' }) changes!: PositionChangeDto[];
}

export class PositionPageDto {
  @ApiProperty({ type: [PositionSummaryDto] }) items!: PositionSummaryDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
