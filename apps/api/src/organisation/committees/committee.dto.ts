import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min, ValidateIf } from 'class-validator';
import { PageQuery } from '../../common/pagination';

function CalendarDate(name: string) {
  return applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: `${name} must be a date YYYY-MM-DD` }),
    IsISO8601({ strict: true }, { message: `${name} must be a valid calendar date` }),
  );
}

export class CreateCommitteeDto {
  @ApiProperty({ example: 'Jugendhilfeausschuss', maxLength: 300, description: 'unique in the organisation' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name!: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'JHA', maxLength: 40 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  shortName?: string | null;
}

export class UpdateCommitteeDto {
  @ApiProperty({ example: 1, description: 'the version your change is based on (optimistic locking)' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ example: 'Ausschuss für Gleichstellung, Arbeit und Soziales', maxLength: 300 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'JHA', maxLength: 40, description: 'null removes it' })
  @ValidateIf((o: UpdateCommitteeDto) => o.shortName !== null && o.shortName !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  shortName?: string | null;

  @ApiPropertyOptional({ description: 'why, for the audit log', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class ListCommitteesQuery extends PageQuery {}

export class CommitteeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Jugendhilfeausschuss' }) name!: string;
  @ApiProperty({ type: String, nullable: true, example: 'JHA' }) shortName!: string | null;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CommitteePageDto {
  @ApiProperty({ type: [CommitteeDto] }) items!: CommitteeDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

// ------------------------------------------------------------------------------------------------ sessions

export class CreateCommitteeSessionDto {
  @ApiProperty({ format: 'date', example: '2026-03-12', description: 'the day of the Sitzung; at most one session per committee and day' })
  @CalendarDate('sessionDate')
  sessionDate!: string;

  @ApiPropertyOptional({ default: true, description: 'öffentlich (Ö, true) or nichtöffentlich (N, false)' })
  @IsOptional()
  @IsBoolean()
  isPublic?: boolean;
}

export class ListCommitteeSessionsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'date', example: '2026-01-01', description: 'sessions on or after this day' })
  @IsOptional()
  @CalendarDate('from')
  from?: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-12-31', description: 'sessions on or before this day' })
  @IsOptional()
  @CalendarDate('to')
  to?: string;
}

export class CommitteeSessionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) committeeId!: string;
  @ApiProperty({ format: 'date', example: '2026-03-12' }) sessionDate!: string;
  @ApiProperty({ description: 'öffentlich (Ö) or not (N)' }) isPublic!: boolean;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CommitteeSessionPageDto {
  @ApiProperty({ type: [CommitteeSessionDto] }) items!: CommitteeSessionDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
