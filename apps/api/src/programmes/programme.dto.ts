import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
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
import {
  ANBEST_VARIANTS,
  DISBURSEMENT_WINDOW_UNITS,
  FINANCING_TYPES,
  INTERIM_REPORT_WAIVERS,
  LEGAL_BASES,
  type AnbestVariant,
  type DisbursementWindowUnit,
  type FinancingType,
  type InterimReportWaiver,
  type LegalBasis,
} from '@app/database';
import { PageQuery } from '../common/pagination';

const CENTS = { type: 'integer', format: 'int64', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;

export class DegressiveShareDto {
  @ApiProperty({ description: 'project year, 1 = the first', minimum: 1, maximum: 50, example: 1 })
  @IsInt()
  @Min(1)
  @Max(50)
  year!: number;

  @ApiProperty({ description: "the funder's share in that year, in basis points (10000 = 100 %)", minimum: 0, maximum: 10000, example: 7500 })
  @IsInt()
  @Min(0)
  @Max(10000)
  rateBp!: number;
}

/**
 * A Förderprogramm with its rules. Every deadline and rate is data of the programme; the defaults
 * are those of ANBest-P (Zwischennachweis by 30 April, Verwendungsnachweis within six months,
 * Mittelabruf for payments due within two months).
 */
export class CreateProgrammeDto {
  @ApiProperty({ format: 'uuid', description: 'a funder of the caller\'s organisation' })
  @IsUUID()
  funderId!: string;

  @ApiProperty({ example: 'Präventionsketten Niedersachsen: Gesund aufwachsen für alle Kinder!', maxLength: 300 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name!: string;

  @ApiProperty({ enum: LEGAL_BASES, description: 'land_grant: Zuwendungsbescheid (§ 44 LHO); private_contract: Fördervertrag' })
  @IsIn(LEGAL_BASES)
  legalBasis!: LegalBasis;

  @ApiPropertyOptional({ enum: ANBEST_VARIANTS, nullable: true, description: 'only for land grants' })
  @IsOptional()
  @IsIn(ANBEST_VARIANTS)
  anbestVariant?: AnbestVariant | null;

  @ApiProperty({ enum: FINANCING_TYPES, description: 'Anteil-, Fehlbedarfs-, Festbetrags- or (by exception) Vollfinanzierung' })
  @IsIn(FINANCING_TYPES)
  financingType!: FinancingType;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 10000, nullable: true, description: "the funder's share in basis points; required for share financing" })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  rateBp?: number | null;

  @ApiPropertyOptional({ ...CENTS, nullable: true, description: 'Höchstbetrag in cents' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  capCents?: number | null;

  @ApiPropertyOptional({ type: [DegressiveShareDto], description: 'degressive funding: the share per project year, years ascending without gaps from 1' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => DegressiveShareDto)
  degressiveShares?: DegressiveShareDto[];

  @ApiPropertyOptional({ default: false, description: 'Weiterleitung an freie Träger allowed' })
  @IsOptional()
  @IsBoolean()
  passOnAllowed?: boolean;

  @ApiPropertyOptional({ default: '04-30', example: '04-30', description: 'Zwischennachweis due on this day (MM-DD) of the following year' })
  @IsOptional()
  @Matches(/^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/, { message: 'interimReportDue must be a day of the year MM-DD' })
  interimReportDue?: string;

  @ApiPropertyOptional({ enum: INTERIM_REPORT_WAIVERS, default: 'none' })
  @IsOptional()
  @IsIn(INTERIM_REPORT_WAIVERS)
  interimReportWaiver?: InterimReportWaiver;

  @ApiPropertyOptional({ default: 6, minimum: 0, maximum: 60, description: 'Verwendungsnachweis due at the end of the n-th month after the period' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60)
  proofOfUseMonths?: number;

  @ApiPropertyOptional({ enum: DISBURSEMENT_WINDOW_UNITS, default: 'months' })
  @IsOptional()
  @IsIn(DISBURSEMENT_WINDOW_UNITS)
  disbursementWindowUnit?: DisbursementWindowUnit;

  @ApiPropertyOptional({ default: 2, minimum: 1, maximum: 52, description: 'Mittelabruf only for payments due within this many units after payout' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(52)
  disbursementWindowLength?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 240, nullable: true, description: 'shortest allowed project period in months' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(240)
  minPeriodMonths?: number | null;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 240, nullable: true, description: 'longest allowed project period in months' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(240)
  maxPeriodMonths?: number | null;
}

export class ListProgrammesQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  funderId?: string;

  @ApiPropertyOptional({ enum: FINANCING_TYPES })
  @IsOptional()
  @IsIn(FINANCING_TYPES)
  financingType?: FinancingType;
}

export class ProgrammeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) funderId!: string;
  @ApiProperty() funderName!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: LEGAL_BASES }) legalBasis!: LegalBasis;
  @ApiProperty({ enum: ANBEST_VARIANTS, nullable: true }) anbestVariant!: AnbestVariant | null;
  @ApiProperty({ enum: FINANCING_TYPES }) financingType!: FinancingType;
  @ApiProperty({ type: 'integer', nullable: true }) rateBp!: number | null;
  @ApiProperty({ ...CENTS, nullable: true }) capCents!: number | null;
  @ApiProperty({ type: [DegressiveShareDto] }) degressiveShares!: DegressiveShareDto[];
  @ApiProperty() passOnAllowed!: boolean;
  @ApiProperty({ example: '04-30' }) interimReportDue!: string;
  @ApiProperty({ enum: INTERIM_REPORT_WAIVERS }) interimReportWaiver!: InterimReportWaiver;
  @ApiProperty() proofOfUseMonths!: number;
  @ApiProperty({ enum: DISBURSEMENT_WINDOW_UNITS }) disbursementWindowUnit!: DisbursementWindowUnit;
  @ApiProperty() disbursementWindowLength!: number;
  @ApiProperty({ type: 'integer', nullable: true }) minPeriodMonths!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) maxPeriodMonths!: number | null;
  @ApiProperty({ description: 'optimistic-lock version' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ProgrammePageDto {
  @ApiProperty({ type: [ProgrammeDto] }) items!: ProgrammeDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
