import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { ACCOUNT_KINDS, type AccountKind } from '@app/database';
import { PageQuery } from '../../common/pagination';

export const MIN_FISCAL_YEAR = 2000;
export const MAX_FISCAL_YEAR = 2100;

export class CreateBudgetLineDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  productId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  accountId!: string;

  @ApiProperty({ example: 2026, minimum: MIN_FISCAL_YEAR, maximum: MAX_FISCAL_YEAR })
  @IsInt()
  @Min(MIN_FISCAL_YEAR)
  @Max(MAX_FISCAL_YEAR)
  fiscalYear!: number;

  @ApiProperty({ type: 'integer', format: 'int64', example: 5670000, minimum: 0, description: 'Ansatz in integer cents, positive for expense and revenue lines alike' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  plannedCents!: number;
}

export class UpdateBudgetLineDto {
  @ApiProperty({ example: 1, description: 'the version your change is based on (optimistic locking)' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'only while no ledger entry is booked on the line' })
  @IsOptional()
  @IsUUID()
  productId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'only while no ledger entry is booked on the line' })
  @IsOptional()
  @IsUUID()
  accountId?: string;

  @ApiPropertyOptional({ example: 2026, minimum: MIN_FISCAL_YEAR, maximum: MAX_FISCAL_YEAR, description: 'only while no ledger entry is booked on the line' })
  @IsOptional()
  @IsInt()
  @Min(MIN_FISCAL_YEAR)
  @Max(MAX_FISCAL_YEAR)
  fiscalYear?: number;

  @ApiPropertyOptional({ type: 'integer', format: 'int64', example: 5670000, minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  plannedCents?: number;

  @ApiPropertyOptional({ description: 'why, for the audit log' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class ListBudgetLinesQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  productId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  accountId?: string;

  @ApiPropertyOptional({ example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(MIN_FISCAL_YEAR)
  @Max(MAX_FISCAL_YEAR)
  fiscalYear?: number;

  @ApiPropertyOptional({ enum: ACCOUNT_KINDS, description: "the kind of the line's account" })
  @IsOptional()
  @IsIn(ACCOUNT_KINDS)
  kind?: AccountKind;
}

export class BudgetLineDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) productId!: string;
  @ApiProperty({ example: '3636' }) productNumber!: string;
  @ApiProperty({ example: 'übrige Hilfen' }) productName!: string;
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty({ example: '620010' }) accountNumber!: string;
  @ApiProperty({ example: 'Entgelte für geleistete Arbeitszeit' }) accountName!: string;
  @ApiProperty({ enum: ACCOUNT_KINDS, example: 'expense' }) accountKind!: AccountKind;
  @ApiProperty({ example: 2026 }) fiscalYear!: number;
  @ApiProperty({ type: 'integer', format: 'int64', example: 5670000 }) plannedCents!: number;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class BudgetLinePageDto {
  @ApiProperty({ type: [BudgetLineDto] }) items!: BudgetLineDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

/**
 * Plan against the ledger, all integer cents, summed by the database. Each figure is the signed
 * sum of the line's entries of that kind, reversals included (a reversal cancels its entry).
 */
export class BudgetLineSummaryDto {
  @ApiProperty({ format: 'uuid' }) budgetLineId!: string;
  @ApiProperty({ example: 2026 }) fiscalYear!: number;
  @ApiProperty({ enum: ACCOUNT_KINDS, example: 'expense' }) accountKind!: AccountKind;
  @ApiProperty({ type: 'integer', format: 'int64', description: 'Ansatz' }) plannedCents!: number;
  @ApiProperty({ type: 'integer', format: 'int64', description: 'sum of commitment entries (Mittelbindungen)' }) committedCents!: number;
  @ApiProperty({ type: 'integer', format: 'int64', description: 'sum of actual entries (Ist)' }) actualCents!: number;
  @ApiProperty({ type: 'integer', format: 'int64', description: "sum of reimbursement entries (the funder's Erstattungen)" }) reimbursementsCents!: number;
  @ApiProperty({
    type: 'integer',
    format: 'int64',
    description:
      'expense line: plannedCents − actualCents (positive = still unspent); revenue line: plannedCents − reimbursementsCents (positive = still to be received). Commitments do not enter the variance.',
  })
  varianceCents!: number;
  @ApiProperty({ description: 'number of ledger entries on the line, reversals included' }) entryCount!: number;
}
