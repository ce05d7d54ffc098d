import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, ValidateIf } from 'class-validator';
import { PageQuery } from '../../common/pagination';

const PRODUCT_NUMBER = /^[0-9A-Za-z][0-9A-Za-z./-]*$/;
const PRODUCT_NUMBER_MESSAGE = 'number must start with a letter or digit and hold only letters, digits, ".", "/" and "-"';

export class CreateBudgetProductDto {
  @ApiProperty({ example: '3636', description: "number in the Land's product framework; unique in the organisation" })
  @IsString()
  @MaxLength(40)
  @Matches(PRODUCT_NUMBER, { message: PRODUCT_NUMBER_MESSAGE })
  number!: string;

  @ApiProperty({ example: 'übrige Hilfen' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name!: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'the enclosing Produktbereich/-gruppe; absent or null at the top' })
  @IsOptional()
  @IsUUID()
  parentId?: string | null;
}

export class UpdateBudgetProductDto {
  @ApiProperty({ example: 1, description: 'the version your change is based on (optimistic locking)' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ example: '3636' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(PRODUCT_NUMBER, { message: PRODUCT_NUMBER_MESSAGE })
  number?: string;

  @ApiPropertyOptional({ example: 'übrige Hilfen' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name?: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'move under another product; null moves it to the top' })
  @ValidateIf((o: UpdateBudgetProductDto) => o.parentId !== null && o.parentId !== undefined)
  @IsUUID()
  parentId?: string | null;

  @ApiPropertyOptional({ description: 'why, for the audit log' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class ListBudgetProductsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'only the direct children of this product' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ description: 'true: only the products at the top of the tree' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  topLevel?: boolean;
}

export class BudgetProductPathItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '06' }) number!: string;
  @ApiProperty({ example: 'Kinder-, Jugend- und Familienhilfe' }) name!: string;
}

export class BudgetProductDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '3636' }) number!: string;
  @ApiProperty({ example: 'übrige Hilfen' }) name!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) parentId!: string | null;
  @ApiProperty({ type: [BudgetProductPathItemDto], description: 'from the top of the tree down to this product (inclusive)' })
  path!: BudgetProductPathItemDto[];
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class BudgetProductPageDto {
  @ApiProperty({ type: [BudgetProductDto] }) items!: BudgetProductDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
