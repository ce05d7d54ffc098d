import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { FUNDER_KINDS, type FunderKind } from '@app/database';
import { PageQuery } from '../common/pagination';

export class CreateFunderDto {
  @ApiProperty({ enum: FUNDER_KINDS, example: 'land' })
  @IsIn(FUNDER_KINDS)
  kind!: FunderKind;

  @ApiProperty({ example: 'Niedersächsisches Ministerium für Soziales, Gesundheit und Gleichstellung', maxLength: 300 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name!: string;
}

export class ListFundersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: FUNDER_KINDS })
  @IsOptional()
  @IsIn(FUNDER_KINDS)
  kind?: FunderKind;
}

/** A funder (Land ministry, foundation, GKV-Bündnis …) of the caller's organisation. */
export class FunderDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: FUNDER_KINDS }) kind!: FunderKind;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'optimistic-lock version' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class FunderPageDto {
  @ApiProperty({ type: [FunderDto] }) items!: FunderDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
