import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, NotEquals, ValidateIf } from 'class-validator';
import { COST_CATEGORIES, DISBURSEMENT_STATUSES, NOTICE_DECISIONS, type CostCategory, type DisbursementStatus, type NoticeDecision } from '@app/database';
import { PageQuery } from '../common/pagination';

/*
 * Requests and responses of the records that hang off a funding application: the funding notice
 * (Zuwendungsbescheid), disbursement requests (Mittelabrufe), payments received and receipts
 * (Belege). Money is integer cents; dates are calendar dates YYYY-MM-DD.
 */

const CENTS = { type: 'integer', format: 'int64', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;
const POSITIVE_CENTS = { ...CENTS, minimum: 1 } as const;

function CalendarDate(name: string) {
  return applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: `${name} must be a date YYYY-MM-DD` }),
    IsISO8601({ strict: true }, { message: `${name} must be a valid calendar date` }),
  );
}

function Cents(min: number) {
  return applyDecorators(IsInt({ message: '$property must be an integer number of cents' }), Min(min), Max(Number.MAX_SAFE_INTEGER));
}

// ------------------------------------------------------------------------------------------------ funding notice

export class PutFundingNoticeDto {
  @ApiPropertyOptional({ example: 1, minimum: 0, description: 'replacing a notice: the version you read (optimistic locking); omit (or 0) to record the first one' })
  @IsOptional()
  @IsInt()
  @Min(0)
  version?: number;

  @ApiProperty({ enum: NOTICE_DECISIONS, example: 'approved' })
  @IsIn(NOTICE_DECISIONS)
  decision!: NoticeDecision;

  @ApiProperty({ ...CENTS, example: 4536000, description: 'bewilligte Zuwendung; 0 when rejected; approved: at most the funder share of the current revision; partly_approved: less than it' })
  @Cents(0)
  approvedCents!: number;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2026-01-01', description: 'Bewilligungszeitraum start; required unless rejected' })
  @ValidateIf((o: PutFundingNoticeDto) => o.periodStart !== null && o.periodStart !== undefined)
  @CalendarDate('periodStart')
  periodStart?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2028-12-31', description: 'Bewilligungszeitraum end (inclusive); required unless rejected' })
  @ValidateIf((o: PutFundingNoticeDto) => o.periodEnd !== null && o.periodEnd !== undefined)
  @CalendarDate('periodEnd')
  periodEnd?: string | null;

  @ApiPropertyOptional({ maxLength: 20000, example: 'ANBest-P sind Bestandteil dieses Bescheides.', description: 'Nebenbestimmungen as written in the Bescheid' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  conditions?: string;

  @ApiProperty({ format: 'date', example: '2025-11-14' })
  @CalendarDate('issuedOn')
  issuedOn!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200, example: 'LJA 41.3-2025/118', description: 'Aktenzeichen of the funder' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  fileNumber?: string | null;
}

export class FundingNoticeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ enum: NOTICE_DECISIONS }) decision!: NoticeDecision;
  @ApiProperty(CENTS) approvedCents!: number;
  @ApiProperty({ type: String, format: 'date', nullable: true }) periodStart!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) periodEnd!: string | null;
  @ApiProperty() conditions!: string;
  @ApiProperty({ format: 'date' }) issuedOn!: string;
  @ApiProperty({ type: String, nullable: true }) fileNumber!: string | null;
  @ApiProperty({ example: 1, description: 'optimistic-lock version: send it back to replace the notice' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

// ------------------------------------------------------------------------------------------------ disbursement requests

export const DISBURSEMENT_WARNINGS = ['spending_window', 'outside_notice_period'] as const;
export type DisbursementWarningCode = (typeof DISBURSEMENT_WARNINGS)[number];

export class CreateDisbursementRequestDto {
  @ApiProperty({ format: 'date', example: '2025-11-20', description: 'the day the request is made' })
  @CalendarDate('requestedOn')
  requestedOn!: string;

  @ApiProperty({ format: 'date', example: '2025-11-30', description: 'the expected payout date; the spending window is counted from it' })
  @CalendarDate('payoutDate')
  payoutDate!: string;

  @ApiProperty({ ...POSITIVE_CENTS, example: 1260000 })
  @Cents(1)
  amountCents!: number;

  @ApiProperty({ format: 'date', example: '2025-12-01', description: 'first due date of the payments this request covers' })
  @CalendarDate('coversFrom')
  coversFrom!: string;

  @ApiProperty({ format: 'date', example: '2026-01-30', description: 'last due date of the payments this request covers' })
  @CalendarDate('coversTo')
  coversTo!: string;
}

export class UpdateDisbursementRequestDto {
  @ApiProperty({ example: 1, description: 'the version your change is based on (optimistic locking)' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @CalendarDate('requestedOn')
  requestedOn?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @CalendarDate('payoutDate')
  payoutDate?: string;

  @ApiPropertyOptional(POSITIVE_CENTS)
  @IsOptional()
  @Cents(1)
  amountCents?: number;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @CalendarDate('coversFrom')
  coversFrom?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @CalendarDate('coversTo')
  coversTo?: string;
}

export class SendDisbursementRequestDto {
  @ApiPropertyOptional({ default: false, description: 'send although the request has warnings (recorded in the audit log)' })
  @IsOptional()
  @IsBoolean()
  acknowledgeWarnings?: boolean;
}

export class CancelDisbursementRequestDto {
  @ApiPropertyOptional({ maxLength: 1000, description: 'why, for the audit log' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class DisbursementWarningDto {
  @ApiProperty({ enum: DISBURSEMENT_WARNINGS, example: 'spending_window' }) code!: DisbursementWarningCode;
  @ApiProperty({ example: 'coversTo' }) field!: string;
  @ApiProperty() message!: string;
}

export class DisbursementRequestDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ example: 1, description: '1, 2, 3 … per application' }) sequenceNo!: number;
  @ApiProperty({ format: 'date' }) requestedOn!: string;
  @ApiProperty({ format: 'date' }) payoutDate!: string;
  @ApiProperty(POSITIVE_CENTS) amountCents!: number;
  @ApiProperty({ format: 'date' }) coversFrom!: string;
  @ApiProperty({ format: 'date' }) coversTo!: string;
  @ApiProperty({ format: 'date', description: 'payments due on or before this day may be covered (the programme window counted from payoutDate)' }) windowEnd!: string;
  @ApiProperty({ enum: DISBURSEMENT_STATUSES }) status!: DisbursementStatus;
  @ApiProperty({ ...CENTS, description: 'payments received for this request so far' }) paidCents!: number;
  @ApiProperty({ type: [DisbursementWarningDto], description: 'rule problems that do not stop a draft from being stored; sending needs acknowledgeWarnings' })
  warnings!: DisbursementWarningDto[];
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

// ------------------------------------------------------------------------------------------------ payments

export class CreatePaymentDto {
  @ApiProperty({ format: 'date', example: '2025-12-01' })
  @CalendarDate('receivedOn')
  receivedOn!: string;

  @ApiProperty({ ...POSITIVE_CENTS, example: 1260000 })
  @Cents(1)
  amountCents!: number;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'the sent disbursement request this payment answers; it becomes paid once its amount is received' })
  @ValidateIf((o: CreatePaymentDto) => o.disbursementRequestId !== null && o.disbursementRequestId !== undefined)
  @IsUUID()
  disbursementRequestId?: string | null;
}

export class PaymentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) disbursementRequestId!: string | null;
  @ApiProperty({ format: 'date' }) receivedOn!: string;
  @ApiProperty(POSITIVE_CENTS) amountCents!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

// ------------------------------------------------------------------------------------------------ receipts

export class CreateReceiptDto {
  @ApiProperty({ format: 'date', example: '2026-01-31' })
  @CalendarDate('receiptDate')
  receiptDate!: string;

  @ApiProperty({ example: 'Landkreis Peine – Bezügestelle', maxLength: 300, description: 'Empfänger' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  payee!: string;

  @ApiProperty({ example: 'Entgelt Netzwerkkoordination Januar 2026', maxLength: 1000, description: 'Grund der Zahlung' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;

  @ApiProperty({ type: 'integer', format: 'int64', minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER, example: 512345, description: 'negative for a credit note (Gutschrift); never 0' })
  @IsInt({ message: 'amountCents must be an integer number of cents' })
  @NotEquals(0, { message: 'amountCents must not be 0' })
  @Min(-Number.MAX_SAFE_INTEGER)
  @Max(Number.MAX_SAFE_INTEGER)
  amountCents!: number;

  @ApiProperty({ enum: COST_CATEGORIES, example: 'personnel', description: 'category of the cost plan line it is charged to' })
  @IsIn(COST_CATEGORIES)
  costCategory!: CostCategory;

  @ApiProperty({ example: 'Netzwerkkoordination (S 12, 39 h)', maxLength: 300, description: 'label of that cost plan line (in the current revision)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  costPlanLabel!: string;
}

export class ListReceiptsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'date', description: 'receipt date on or after this day' })
  @IsOptional()
  @CalendarDate('from')
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'receipt date on or before this day' })
  @IsOptional()
  @CalendarDate('to')
  to?: string;

  @ApiPropertyOptional({ enum: COST_CATEGORIES })
  @IsOptional()
  @IsIn(COST_CATEGORIES)
  category?: CostCategory;
}

export class ReceiptDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ example: 1, description: 'Lfd. Nr. in the Belegliste, per application' }) sequenceNo!: number;
  @ApiProperty({ format: 'date' }) receiptDate!: string;
  @ApiProperty() payee!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: 'integer', format: 'int64' }) amountCents!: number;
  @ApiProperty({ enum: COST_CATEGORIES }) costCategory!: CostCategory;
  @ApiProperty() costPlanLabel!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ReceiptPageDto {
  @ApiProperty({ type: [ReceiptDto] }) items!: ReceiptDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
