import { Body, Controller, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/common';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { ApiErrors } from '../../common/api-errors.decorator';
import { AccountDto, AccountPageDto, CreateAccountDto, ListAccountsQuery, UpdateAccountDto } from './account.dto';
import { AccountsService } from './accounts.service';

@ApiTags('budget')
@Controller('api/v1/accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @ApiOperation({ summary: "The organisation's chart of accounts (Sachkonten)" })
  @ApiErrors('badRequest')
  @ApiOkResponse({ type: AccountPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListAccountsQuery): Promise<AccountPageDto> {
    return this.accounts.list(actor, query);
  }

  @Post()
  @ApiOperation({ summary: 'Add an account (Sachkonto) to the chart of accounts' })
  @ApiErrors('badRequest', 'conflict')
  @ApiCreatedResponse({ type: AccountDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateAccountDto, @Req() req: { id?: string }): Promise<AccountDto> {
    return this.accounts.create(actor, dto, req.id);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One account' })
  @ApiErrors('notFound')
  @ApiOkResponse({ type: AccountDto })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<AccountDto> {
    return this.accounts.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change an account (optimistic locking by version; the kind only while no budget line uses it)' })
  @ApiErrors('badRequest', 'notFound', 'conflict')
  @ApiOkResponse({ type: AccountDto })
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: UpdateAccountDto, @Req() req: { id?: string }): Promise<AccountDto> {
    return this.accounts.update(actor, id, dto, req.id);
  }
}
