import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsEmail, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min, ValidateIf } from 'class-validator';
import { ROLES, type Role } from '@app/common';
import { PageQuery } from '../../common/pagination';

/** What the login accepts as a subject (see AuthGuard): letters, digits and . _ @ : - */
const SUBJECT = /^[A-Za-z0-9._@:-]{1,200}$/;
const SUBJECT_MESSAGE = 'subject must be 1 to 200 letters, digits or the characters . _ @ : -';
const ROLES_DOC = { enum: ROLES, isArray: true, example: ['youth_office'], description: 'one or more roles, each at most once' } as const;

function Roles() {
  return applyDecorators(
    IsArray(),
    ArrayMinSize(1, { message: 'roles must name at least one role' }),
    ArrayMaxSize(ROLES.length),
    ArrayUnique({ message: 'roles must not repeat a role' }),
    IsIn(ROLES, { each: true }),
  );
}

export class CreateUserDto {
  @ApiProperty({ example: 'jugendamt-2', description: "the identity provider's subject (sub); unique in the organisation", maxLength: 200 })
  @IsString()
  @Matches(SUBJECT, { message: SUBJECT_MESSAGE })
  subject!: string;

  @ApiProperty({ example: 'Sachbearbeitung Jugendamt', maxLength: 300 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  displayName!: string;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'email', example: 'jugendamt@landkreis-peine.invalid', maxLength: 320 })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string | null;

  @ApiProperty(ROLES_DOC)
  @Roles()
  roles!: Role[];
}

/** The subject is the login's identity and stays; deactivate a user with `active: false` (the history stays). */
export class UpdateUserDto {
  @ApiProperty({ example: 1, description: 'the version your change is based on (optimistic locking)' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ example: 'Sachbearbeitung Jugendamt', maxLength: 300 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  displayName?: string;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'email', maxLength: 320, description: 'null removes it' })
  @ValidateIf((o: UpdateUserDto) => o.email !== null && o.email !== undefined)
  @IsEmail()
  @MaxLength(320)
  email?: string | null;

  @ApiPropertyOptional(ROLES_DOC)
  @IsOptional()
  @Roles()
  roles?: Role[];

  @ApiPropertyOptional({ description: 'false deactivates the user: no more logins, the history stays; true reactivates' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ description: 'why, for the audit log', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'true: only active users, false: only deactivated ones' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ enum: ROLES, description: 'users who have this role' })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'user:6f1c…', description: 'how the audit log names this user (actor)' }) ref!: string;
  @ApiProperty({ example: 'jugendamt-2' }) subject!: string;
  @ApiProperty({ example: 'Sachbearbeitung Jugendamt' }) displayName!: string;
  @ApiProperty({ type: String, nullable: true, format: 'email' }) email!: string | null;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty() active!: boolean;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] }) items!: UserDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
