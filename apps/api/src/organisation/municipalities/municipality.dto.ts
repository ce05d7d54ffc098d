import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { MUNICIPALITY_KINDS, type MunicipalityKind } from '@app/database';
import { PageQuery } from '../../common/pagination';

const KIND_DOC = { enum: MUNICIPALITY_KINDS, example: 'city', description: 'city: kreisangehörige Stadt, municipality: Gemeinde' } as const;

export class CreateMunicipalityDto {
  @ApiProperty({ example: 'Hofgeismar', maxLength: 300, description: 'unique in the organisation' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name!: string;

  @ApiProperty(KIND_DOC)
  @IsIn(MUNICIPALITY_KINDS)
  kind!: MunicipalityKind;
}

export class UpdateMunicipalityDto {
  @ApiProperty({ example: 1, description: 'the version your change is based on (optimistic locking)' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ example: 'Hofgeismar', maxLength: 300 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name?: string;

  @ApiPropertyOptional(KIND_DOC)
  @IsOptional()
  @IsIn(MUNICIPALITY_KINDS)
  kind?: MunicipalityKind;

  @ApiPropertyOptional({ description: 'why, for the audit log', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class ListMunicipalitiesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: MUNICIPALITY_KINDS })
  @IsOptional()
  @IsIn(MUNICIPALITY_KINDS)
  kind?: MunicipalityKind;
}

export class MunicipalityDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Hofgeismar' }) name!: string;
  @ApiProperty(KIND_DOC) kind!: MunicipalityKind;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class MunicipalityPageDto {
  @ApiProperty({ type: [MunicipalityDto] }) items!: MunicipalityDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
