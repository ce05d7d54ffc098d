import { Body, Controller, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/common';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { ApiErrors } from '../../common/api-errors.decorator';
import { CreateUserDto, ListUsersQuery, UpdateUserDto, UserDto, UserPageDto } from './user.dto';
import { UsersService } from './users.service';

@ApiTags('organisation')
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: "The organisation's users", description: 'sort: displayName (default, German collation), subject, createdAt' })
  @ApiErrors('badRequest')
  @ApiOkResponse({ type: UserPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListUsersQuery): Promise<UserPageDto> {
    return this.users.list(actor, query);
  }

  @Post()
  @ApiOperation({ summary: 'Add a user with roles (the subject is unique in the organisation)' })
  @ApiErrors('badRequest', 'conflict')
  @ApiCreatedResponse({ type: UserDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto, @Req() req: { id?: string }): Promise<UserDto> {
    return this.users.create(actor, dto, req.id);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user' })
  @ApiErrors('notFound')
  @ApiOkResponse({ type: UserDto })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<UserDto> {
    return this.users.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a user: name, e-mail, roles; `active: false` deactivates (optimistic locking by version)' })
  @ApiErrors('badRequest', 'notFound', 'conflict')
  @ApiOkResponse({ type: UserDto })
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: UpdateUserDto, @Req() req: { id?: string }): Promise<UserDto> {
    return this.users.update(actor, id, dto, req.id);
  }
}
