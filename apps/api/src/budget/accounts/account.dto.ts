import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { ACCOUNT_KINDS, type AccountKind } from '@app/database';
import { PageQuery } from '../../common/pagination';

const ACCOUNT_NUMBER = /^[0-9]{1,20}$/;
const ACCOUNT_NUMBER_MESSAGE = 'number must be 1 to 20 digits';

export class CreateAccountDto {
  @ApiProperty({ example: '620010', description: "number in the organisation's chart of accounts; unique in the organisation" })
  @IsString()
  @Matches(ACCOUNT_NUMBER, { message: ACCOUNT_NUMBER_MESSAGE })
  number!: string;

  @ApiProperty({ example: 'Entgelte für geleistete Arbeitszeit' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name!: string;

  @ApiProperty({ enum: ACCOUNT_KINDS, example: 'expense' })
  @IsIn(ACCOUNT_KINDS)
  kind!: AccountKind;
}

export class UpdateAccountDto {
  @ApiProperty({ example: 1, description: 'the version your change is based on (optimistic locking)' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ example: '620010' })
  @IsOptional()
  @IsString()
  @Matches(ACCOUNT_NUMBER, { message: ACCOUNT_NUMBER_MESSAGE })
  number?: string;

  @ApiPropertyOptional({ example: 'Entgelte für geleistete Arbeitszeit' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name?: string;

  @ApiPropertyOptional({ enum: ACCOUNT_KINDS, description: 'only while no budget line uses the account' })
  @IsOptional()
  @IsIn(ACCOUNT_KINDS)
  kind?: AccountKind;

  @ApiPropertyOptional({ description: 'why, for the audit log' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class ListAccountsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ACCOUNT_KINDS })
  @IsOptional()
  @IsIn(ACCOUNT_KINDS)
  kind?: AccountKind;

  @ApiPropertyOptional({ example: '62', description: 'accounts whose number starts with these digits' })
  @IsOptional()
  @Matches(ACCOUNT_NUMBER, { message: ACCOUNT_NUMBER_MESSAGE })
  numberPrefix?: string;
}

export class AccountDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '620010' }) number!: string;
  @ApiProperty({ example: 'Entgelte für geleistete Arbeitszeit' }) name!: string;
  @ApiProperty({ enum: ACCOUNT_KINDS, example: 'expense' }) kind!: AccountKind;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class AccountPageDto {
  @ApiProperty({ type: [AccountDto] }) items!: AccountDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
