import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { OneOrMoreOf } from '../common/query-filters';
import {
  APPLICATION_STATUSES,
  COST_CATEGORIES,
  FINANCING_SOURCES,
  type ApplicationStatus,
  type CostCategory,
  type FinancingSource,
} from '@app/database';
import { PageQuery } from '../common/pagination';

/*
 * Requests and responses of the applications API. Money is integer cents everywhere; dates are
 * calendar dates YYYY-MM-DD. The status is owned by the application workflow: it is read-only here
 * (a request that names it is refused as an unknown field).
 */

const MAX_LINES = 200;
const CENTS = { type: 'integer', format: 'int64', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function CalendarDate(name: string) {
  return applyDecorators(
    Matches(DATE, { message: `${name} must be a date YYYY-MM-DD` }),
    IsISO8601({ strict: true }, { message: `${name} must be a valid calendar date` }),
  );
}

/** Money: integer cents, never negative, never beyond what a JavaScript number holds exactly. */
function Cents() {
  return applyDecorators(IsInt({ message: '$property must be an integer number of cents' }), Min(0), Max(Number.MAX_SAFE_INTEGER));
}

function Lines(type: () => Function) {
  return applyDecorators(IsArray(), ArrayMinSize(1), ArrayMaxSize(MAX_LINES), ValidateNested({ each: true }), Type(type));
}

// ------------------------------------------------------------------------------------------------ requests

export class CostPlanLineInput {
  @ApiProperty({ enum: COST_CATEGORIES, example: 'personnel' })
  @IsIn(COST_CATEGORIES)
  category!: CostCategory;

  @ApiProperty({ example: 'Netzwerkkoordination (S 12, 39 h)', maxLength: 300 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  label!: string;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 2000, maximum: 2100, example: 2026, description: 'Haushaltsjahr, when the plan is split by year: a year of the project period' })
  @IsOptional()
  @IsInt()
  @Min(2000)
  @Max(2100)
  fiscalYear?: number | null;

  @ApiProperty({ ...CENTS, example: 5670000 })
  @Cents()
  amountCents!: number;
}

export class FinancingPlanLineInput {
  @ApiProperty({ enum: FINANCING_SOURCES, example: 'funder', description: 'own: Eigenanteil, funder: Zuwendung, third_party: Drittmittel' })
  @IsIn(FINANCING_SOURCES)
  source!: FinancingSource;

  @ApiProperty({ example: 'Zuwendung Land Niedersachsen', maxLength: 300 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  label!: string;

  @ApiProperty({ ...CENTS, example: 4536000 })
  @Cents()
  amountCents!: number;
}

/** A new Förderantrag (status draft, revision 1). The financing plan must cover the cost plan total exactly. */
export class CreateApplicationDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  programmeId!: string;

  @ApiProperty({ format: 'uuid', description: 'the department that leads (federführend)' })
  @IsUUID()
  leadDepartmentId!: string;

  @ApiProperty({ example: 'Präventionskette Landkreis Peine 2026–2028', maxLength: 300 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title!: string;

  @ApiPropertyOptional({ default: '', maxLength: 20000 })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  description?: string;

  @ApiProperty({ format: 'date', example: '2026-01-01' })
  @CalendarDate('periodStart')
  periodStart!: string;

  @ApiProperty({ format: 'date', example: '2028-12-31', description: 'after periodStart; length within the programme\'s min/max months' })
  @CalendarDate('periodEnd')
  periodEnd!: string;

  @ApiProperty({ type: [CostPlanLineInput], description: `Kostenplan, 1 to ${MAX_LINES} lines` })
  @Lines(() => CostPlanLineInput)
  costPlan!: CostPlanLineInput[];

  @ApiProperty({ type: [FinancingPlanLineInput], description: `Finanzierungsplan, 1 to ${MAX_LINES} lines` })
  @Lines(() => FinancingPlanLineInput)
  financingPlan!: FinancingPlanLineInput[];

  @ApiPropertyOptional({
    default: false,
    description: 'the application needs a council decision (Kreistag/Ausschuss) before it goes to the funder: the workflow then only submits after the council approved the paper in consultation',
  })
  @IsOptional()
  @IsBoolean()
  needsCouncilDecision?: boolean;
}

/**
 * Changes to a draft: only the fields given change; a plan given replaces that plan of the current
 * revision. `version` is the version the change is based on (optimistic locking). The status cannot
 * be set here: it belongs to the application workflow.
 */
export class UpdateApplicationDto {
  @ApiProperty({ minimum: 1, description: 'the version of the application this change is based on' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ maxLength: 20000 })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  description?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @CalendarDate('periodStart')
  periodStart?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @CalendarDate('periodEnd')
  periodEnd?: string;

  @ApiPropertyOptional({ type: [CostPlanLineInput] })
  @IsOptional()
  @Lines(() => CostPlanLineInput)
  costPlan?: CostPlanLineInput[];

  @ApiPropertyOptional({ type: [FinancingPlanLineInput] })
  @IsOptional()
  @Lines(() => FinancingPlanLineInput)
  financingPlan?: FinancingPlanLineInput[];
}

/** An Änderungsantrag: a new revision of the plans with its reason; the earlier revisions stay as they were. */
export class CreateAmendmentDto {
  @ApiProperty({ minimum: 1, description: 'the version of the application this amendment is based on' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiProperty({ example: 'Änderungsantrag: zweite Stelle ab 2027', maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;

  @ApiProperty({ type: [CostPlanLineInput] })
  @Lines(() => CostPlanLineInput)
  costPlan!: CostPlanLineInput[];

  @ApiProperty({ type: [FinancingPlanLineInput] })
  @Lines(() => FinancingPlanLineInput)
  financingPlan!: FinancingPlanLineInput[];
}

export const APPLICATION_SORT_FIELDS = ['title', 'createdAt', 'periodStart', 'status'] as const;

export class ListApplicationsQuery extends PageQuery {
  @OneOrMoreOf(APPLICATION_STATUSES)
  status?: ApplicationStatus[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  programmeId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  leadDepartmentId?: string;

  @ApiPropertyOptional({ example: '2026-01-01..2026-12-31', description: 'applications whose project period overlaps these dates (both inclusive)' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/, { message: 'periodOverlaps must be two dates YYYY-MM-DD..YYYY-MM-DD' })
  periodOverlaps?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'the title contains this text (case-insensitive; % and _ are taken literally)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  q?: string;
}

export class RevisionParams {
  @ApiProperty({ format: 'uuid' })
  @IsString()
  id!: string;

  @ApiProperty({ minimum: 1, description: 'revision number; 1 is the original application' })
  @Type(() => Number)
  @IsInt({ message: 'no must be a revision number (1, 2, …)' })
  @Min(1)
  @Max(1_000_000)
  no!: number;
}

// ------------------------------------------------------------------------------------------------ responses

export class CostPlanLineDto {
  @ApiProperty() lineNo!: number;
  @ApiProperty({ enum: COST_CATEGORIES }) category!: CostCategory;
  @ApiProperty() label!: string;
  @ApiProperty({ type: 'integer', nullable: true }) fiscalYear!: number | null;
  @ApiProperty(CENTS) amountCents!: number;
}

export class FinancingPlanLineDto {
  @ApiProperty() lineNo!: number;
  @ApiProperty({ enum: FINANCING_SOURCES }) source!: FinancingSource;
  @ApiProperty() label!: string;
  @ApiProperty(CENTS) amountCents!: number;
}

/** Totals of a revision's plans, in cents, computed from its lines. */
export class PlanTotalsDto {
  @ApiProperty({ ...CENTS, description: 'Kostenplan total' }) costCents!: number;
  @ApiProperty({ ...CENTS, description: 'Finanzierungsplan total (equals costCents)' }) financingCents!: number;
  @ApiProperty({ ...CENTS, description: 'Eigenanteil' }) ownCents!: number;
  @ApiProperty({ ...CENTS, description: 'Zuwendung of the funder' }) funderCents!: number;
  @ApiProperty({ ...CENTS, description: 'Drittmittel' }) thirdPartyCents!: number;
}

const STATUS_DOC = { enum: APPLICATION_STATUSES, readOnly: true, description: 'owned by the application workflow; read-only in this API' } as const;

/** A Förderantrag with the plans of its current revision. */
export class ApplicationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty() programmeName!: string;
  @ApiProperty({ format: 'uuid' }) leadDepartmentId!: string;
  @ApiProperty() leadDepartmentName!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ format: 'date' }) periodStart!: string;
  @ApiProperty({ format: 'date' }) periodEnd!: string;
  @ApiProperty(STATUS_DOC) status!: ApplicationStatus;
  @ApiProperty({ description: 'number of the revision in force' }) currentRevision!: number;
  @ApiProperty({ description: 'optimistic-lock version: send it back with a change' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: [CostPlanLineDto] }) costPlan!: CostPlanLineDto[];
  @ApiProperty({ type: [FinancingPlanLineDto] }) financingPlan!: FinancingPlanLineDto[];
  @ApiProperty({ type: PlanTotalsDto }) totals!: PlanTotalsDto;
}

/** A Förderantrag in a list. */
export class ApplicationSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty() programmeName!: string;
  @ApiProperty({ format: 'uuid' }) leadDepartmentId!: string;
  @ApiProperty() leadDepartmentName!: string;
  @ApiProperty(STATUS_DOC) status!: ApplicationStatus;
  @ApiProperty({ format: 'date' }) periodStart!: string;
  @ApiProperty({ format: 'date' }) periodEnd!: string;
  @ApiProperty() currentRevision!: number;
  @ApiProperty({ ...CENTS, description: 'cost plan total of the current revision' }) costTotalCents!: number;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ApplicationPageDto {
  @ApiProperty({ type: [ApplicationSummaryDto] }) items!: ApplicationSummaryDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

/** A revision without its lines. */
export class RevisionSummaryDto {
  @ApiProperty() revisionNo!: number;
  @ApiProperty({ description: 'why the revision exists; empty for the original application' }) reason!: string;
  @ApiProperty({ example: 'user:6f1c…', description: 'who made it, as in the audit log' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ description: 'the revision in force' }) current!: boolean;
  @ApiProperty({ type: PlanTotalsDto }) totals!: PlanTotalsDto;
}

export class RevisionDto extends RevisionSummaryDto {
  @ApiProperty({ type: [CostPlanLineDto] }) costPlan!: CostPlanLineDto[];
  @ApiProperty({ type: [FinancingPlanLineDto] }) financingPlan!: FinancingPlanLineDto[];
}
