import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min, ValidateIf } from 'class-validator';
import { PageQuery } from '../../common/pagination';

export class CreateDepartmentDto {
  @ApiProperty({ example: 'Fachdienst Jugendamt', maxLength: 300, description: 'unique in the organisation' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name!: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'FD 51', maxLength: 40 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  shortName?: string | null;
}

export class UpdateDepartmentDto {
  @ApiProperty({ example: 1, description: 'the version your change is based on (optimistic locking)' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ example: 'Fachdienst Jugend und Familie', maxLength: 300 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'FD 51', maxLength: 40, description: 'null removes it' })
  @ValidateIf((o: UpdateDepartmentDto) => o.shortName !== null && o.shortName !== undefined)
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

export class ListDepartmentsQuery extends PageQuery {}

export class DepartmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Fachdienst Jugendamt' }) name!: string;
  @ApiProperty({ type: String, nullable: true, example: 'FD 51' }) shortName!: string | null;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class DepartmentPageDto {
  @ApiProperty({ type: [DepartmentDto] }) items!: DepartmentDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
