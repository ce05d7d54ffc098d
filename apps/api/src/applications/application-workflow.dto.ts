import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { APPLICATION_STATUSES, type ApplicationStatus } from '@app/database';

/*
 * The steps of an application's lifecycle workflow (`application-<id>`) as requests, and what
 * the workflow answers. The workflow validates each step against its state; the DTOs only check
 * the shape (400 with field and reason).
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function CalendarDate(name: string) {
  return applyDecorators(
    Matches(DATE, { message: `${name} must be a date YYYY-MM-DD` }),
    IsISO8601({ strict: true }, { message: `${name} must be a valid calendar date` }),
  );
}

/** The steps, as `POST /api/v1/applications/:id/actions/<action>`. */
export const APPLICATION_ACTIONS = [
  'request-sign-off',
  'sign-off',
  'start-council-consultation',
  'submit',
  'submit-interim-report',
  'submit-proof-of-use',
  'record-check',
  'close',
  'withdraw',
] as const;
export type ApplicationAction = (typeof APPLICATION_ACTIONS)[number];

/** request-sign-off, sign-off, close: nothing but the acting user (from the login). */
export class EmptyActionDto {}

export class StartCouncilConsultationDto {
  @ApiProperty({ format: 'uuid', description: 'the released council paper (Vorlage) of this application; its workflow tells the application the council decision' })
  @IsUUID()
  paperId!: string;
}

export class SubmitDto {
  @ApiProperty({ format: 'date', example: '2026-03-02', description: 'the day it went to the funder; not in the future' })
  @CalendarDate('submittedOn')
  submittedOn!: string;
}

export class SubmitInterimReportDto {
  @ApiProperty({ example: 2026, description: 'the fiscal year the Zwischennachweis covers' })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiProperty({ format: 'date', example: '2027-04-20', description: 'not in the future, after the year has ended' })
  @CalendarDate('submittedOn')
  submittedOn!: string;
}

export class SubmitProofOfUseDto {
  @ApiProperty({ format: 'date', example: '2029-05-30', description: 'the day the Verwendungsnachweis went to the funder; not in the future' })
  @CalendarDate('submittedOn')
  submittedOn!: string;
}

export class RecordCheckDto {
  @ApiProperty({ enum: ['ok', 'repayment'], description: 'ok: checked without objection; repayment: money goes back' })
  @IsIn(['ok', 'repayment'])
  result!: 'ok' | 'repayment';

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: "with result 'repayment': the amount to repay in cents (at most what was disbursed)" })
  @ValidateIf((o: RecordCheckDto) => o.result === 'repayment' || o.repaymentCents !== undefined)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  repaymentCents?: number;
}

export class WithdrawDto {
  @ApiProperty({ example: 'Der Träger steigt aus dem Projekt aus', maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

export class ActionParams {
  @ApiProperty({ format: 'uuid' })
  @IsString()
  id!: string;

  @ApiProperty({ enum: APPLICATION_ACTIONS })
  @IsIn(APPLICATION_ACTIONS, { message: `action must be one of ${APPLICATION_ACTIONS.join(', ')}` })
  action!: ApplicationAction;
}

// ------------------------------------------------------------------------------------------------ responses

export class WorkflowTransitionDto {
  @ApiProperty({ enum: APPLICATION_STATUSES }) from!: ApplicationStatus;
  @ApiProperty({ enum: APPLICATION_STATUSES }) to!: ApplicationStatus;
  @ApiProperty({ format: 'date' }) on!: string;
  @ApiProperty({ example: 'user:2f0c…' }) by!: string;
  @ApiProperty() reason!: string;
}

export class WorkflowReminderDto {
  @ApiProperty() daysBefore!: number;
  @ApiProperty({ format: 'date' }) on!: string;
  @ApiProperty({ enum: ['pending', 'sent', 'skipped'] }) status!: string;
}

export class WorkflowDeadlineDto {
  @ApiProperty({ example: 'interim-2026', description: '`interim-<year>` or `proof-of-use`' }) key!: string;
  @ApiProperty({ enum: ['interimReport', 'proofOfUse'] }) kind!: string;
  @ApiProperty({ type: Number, nullable: true }) fiscalYear!: number | null;
  @ApiProperty({ format: 'date', description: 'the nominal due date (reminders count from it)' }) nominal!: string;
  @ApiProperty({ format: 'date', description: 'where the deadline ends: the next working day if the nominal one is none' }) effective!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) submittedOn!: string | null;
  @ApiProperty({ type: [WorkflowReminderDto] }) reminders!: WorkflowReminderDto[];
  @ApiProperty({ description: '{ on, sentOn }: the escalation while not submitted' }) escalation!: { on: string; sentOn: string | null };
}

/** The application as its workflow holds it (the `applicationState` query), plus the open deadlines. */
export class WorkflowDocumentDto {
  @ApiProperty({ example: 'application-form', description: 'the kind of document (as POST /applications/:id/documents takes it)' }) kind!: string;
  @ApiProperty({ description: 'the generation key, unique per organisation' }) key!: string;
  @ApiProperty({ enum: ['pending', 'stored', 'failed'] }) status!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'GET /api/v1/documents/:id' }) documentId!: string | null;
  @ApiProperty({ type: Number, nullable: true }) version!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'why the data did not allow it' }) error!: string | null;
}

export class ApplicationWorkflowDto {
  @ApiProperty({ example: 'application-2f0c…' }) workflowId!: string;
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status!: ApplicationStatus;
  @ApiProperty() needsCouncilDecision!: boolean;
  @ApiProperty({ type: String, format: 'date', nullable: true }) signOffRequestedOn!: string | null;
  @ApiProperty({ nullable: true, description: '{ by, on }' }) signedOff!: { by: string; on: string } | null;
  @ApiProperty({ nullable: true, description: '{ paperId, result, concludedOn }' }) council!: { paperId: string; result: string | null; concludedOn: string | null } | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) submittedOn!: string | null;
  @ApiProperty({ nullable: true, description: '{ decision, approvedCents, periodStart, periodEnd, issuedOn }' }) notice!: object | null;
  @ApiProperty() disbursedCents!: number;
  @ApiProperty({ type: [WorkflowDeadlineDto] }) deadlines!: WorkflowDeadlineDto[];
  @ApiProperty({ type: [WorkflowDeadlineDto], description: 'the deadlines not yet met, soonest first' }) nextDeadlines!: WorkflowDeadlineDto[];
  @ApiProperty({ nullable: true, description: '{ result, repaymentCents, on }' }) check!: object | null;
  @ApiProperty() amendmentCount!: number;
  @ApiProperty({ nullable: true, description: '{ reason, on, by }' }) withdrawal!: object | null;
  @ApiProperty({ description: 'notes of the workflow (e.g. council decisions received), oldest first' }) notes!: Array<{ on: string; text: string }>;
  @ApiProperty({ type: [WorkflowTransitionDto] }) history!: WorkflowTransitionDto[];
  @ApiProperty({ type: [WorkflowDocumentDto], description: 'documents produced with the steps (Förderantrag, Zwischennachweise, Verwendungsnachweis)' }) documents!: WorkflowDocumentDto[];
}
