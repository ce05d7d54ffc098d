import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, NotEquals } from 'class-validator';
import { LEDGER_ENTRY_KINDS, type LedgerEntryKind } from '@app/database';
import { PageQuery } from '../../common/pagination';
import { MAX_FISCAL_YEAR, MIN_FISCAL_YEAR } from '../budget-lines/budget-line.dto';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CreateLedgerEntryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  budgetLineId!: string;

  @ApiProperty({ example: '2026-03-31', description: 'Buchungsdatum, calendar date YYYY-MM-DD' })
  @Matches(DATE, { message: 'bookedOn must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'bookedOn must be a valid calendar date' })
  bookedOn!: string;

  @ApiProperty({ enum: LEDGER_ENTRY_KINDS, description: 'commitment = Mittelbindung, actual = Ist-Buchung, reimbursement = Erstattung des Zuwendungsgebers' })
  @IsIn(LEDGER_ENTRY_KINDS)
  kind!: LedgerEntryKind;

  @ApiProperty({ type: 'integer', format: 'int64', example: 412345, description: 'signed integer cents, not 0' })
  @IsInt()
  @NotEquals(0, { message: 'amountCents must not be 0' })
  @Min(-Number.MAX_SAFE_INTEGER)
  @Max(Number.MAX_SAFE_INTEGER)
  amountCents!: number;

  @ApiProperty({ example: 'Entgelt März 2026, Stelle Schulsozialarbeit', description: 'Buchungstext' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  text!: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'position:3f1c…:2026-03', description: 'what caused the entry (Beleg)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reference?: string | null;
}

export class ReverseLedgerEntryDto {
  @ApiProperty({ example: 'falsche Kostenstelle', description: 'why the entry is reversed (audit log and Buchungstext)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;

  @ApiPropertyOptional({ example: '2026-04-02', description: "date of the reversal, YYYY-MM-DD; default: today (Europe/Berlin)" })
  @IsOptional()
  @Matches(DATE, { message: 'bookedOn must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'bookedOn must be a valid calendar date' })
  bookedOn?: string;
}

export class ListLedgerEntriesQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  budgetLineId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "the budget line's product" })
  @IsOptional()
  @IsUUID()
  productId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "the budget line's account" })
  @IsOptional()
  @IsUUID()
  accountId?: string;

  @ApiPropertyOptional({ example: 2026, description: "the budget line's fiscal year" })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(MIN_FISCAL_YEAR)
  @Max(MAX_FISCAL_YEAR)
  fiscalYear?: number;

  @ApiPropertyOptional({ enum: LEDGER_ENTRY_KINDS })
  @IsOptional()
  @IsIn(LEDGER_ENTRY_KINDS)
  kind?: LedgerEntryKind;

  @ApiPropertyOptional({ example: '2026-01-01', description: 'booked on or after, YYYY-MM-DD' })
  @IsOptional()
  @Matches(DATE, { message: 'bookedFrom must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'bookedFrom must be a valid calendar date' })
  bookedFrom?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'booked on or before, YYYY-MM-DD' })
  @IsOptional()
  @Matches(DATE, { message: 'bookedTo must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'bookedTo must be a valid calendar date' })
  bookedTo?: string;

  @ApiPropertyOptional({ description: 'exactly this reference' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reference?: string;
}

export class LedgerEntryDto {
  @ApiProperty({ example: '42', description: 'bigint id, as a string' }) id!: string;
  @ApiProperty({ format: 'uuid' }) budgetLineId!: string;
  @ApiProperty({ example: '2026-03-31' }) bookedOn!: string;
  @ApiProperty({ enum: LEDGER_ENTRY_KINDS }) kind!: LedgerEntryKind;
  @ApiProperty({ type: 'integer', format: 'int64', example: 412345, description: 'signed integer cents; a reversal carries the negated amount' })
  amountCents!: number;
  @ApiProperty() text!: string;
  @ApiProperty({ type: String, nullable: true }) reference!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the entry this one reverses' }) reversesId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the entry that reverses this one, if any' }) reversedById!: string | null;
  @ApiProperty({ example: 'user:8c5e…', description: 'who booked it, as in the audit log' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class LedgerEntryPageDto {
  @ApiProperty({ type: [LedgerEntryDto] }) items!: LedgerEntryDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
