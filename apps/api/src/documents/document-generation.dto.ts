import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { APPLICATION_DOCUMENT_KINDS, type ApplicationDocumentKind } from '@app/document-generation';
import { MAX_FISCAL_YEAR, MIN_FISCAL_YEAR } from '../budget/budget-lines/budget-line.dto';

export class GenerateApplicationDocumentDto {
  @ApiProperty({
    enum: APPLICATION_DOCUMENT_KINDS,
    example: 'interim-report',
    description:
      'application-form: Förderantrag (Kosten- und Finanzierungsplan in force); interim-report: Zwischennachweis for fiscalYear; ' +
      'proof-of-use-report: Verwendungsnachweis, Sachbericht (PDF); proof-of-use-statement: zahlenmäßiger Nachweis with Belegliste (PDF); ' +
      'proof-of-use-statement-xlsx: the same as a workbook',
  })
  @IsIn(APPLICATION_DOCUMENT_KINDS, { message: `kind must be one of ${APPLICATION_DOCUMENT_KINDS.join(', ')}` })
  kind!: ApplicationDocumentKind;

  @ApiPropertyOptional({ example: 2027, description: 'the Haushaltsjahr of an interim-report (required for it, refused for the other kinds)' })
  @IsOptional()
  @IsInt()
  @Min(MIN_FISCAL_YEAR)
  @Max(MAX_FISCAL_YEAR)
  fiscalYear?: number;
}

export class GenerateStatusReportDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'the granted application of the programme to report on; required when the programme has more than one' })
  @IsOptional()
  @IsUUID('all', { message: 'applicationId must be a UUID' })
  applicationId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "the committee the report goes to; default: the organisation's Jugendhilfeausschuss" })
  @IsOptional()
  @IsUUID('all', { message: 'committeeId must be a UUID' })
  committeeId?: string;

  @ApiPropertyOptional({ example: '2027-09-14', description: "the committee's session; default: its next session from today" })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'sessionDate must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'sessionDate must be a valid calendar date' })
  sessionDate?: string;
}

export class GenerateFinanceWorkbookDto {
  @ApiProperty({ example: 2027 })
  @IsInt()
  @Min(MIN_FISCAL_YEAR)
  @Max(MAX_FISCAL_YEAR)
  fiscalYear!: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'one budget product only; default: every product of the organisation' })
  @IsOptional()
  @IsUUID('all', { message: 'productId must be a UUID' })
  productId?: string;
}
