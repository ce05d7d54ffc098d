import { Body, Controller, Get, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/common';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { CreateFunderDto, FunderDto, FunderPageDto, ListFundersQuery } from './funder.dto';
import { FundersService } from './funders.service';

@ApiTags('programmes')
@Controller('api/v1/funders')
export class FundersController {
  constructor(private readonly funders: FundersService) {}

  @Get()
  @ApiOperation({ summary: "The organisation's funders (Land ministries, foundations, …), by name", description: 'sort: name, createdAt' })
  @ApiErrors('badRequest')
  @ApiOkResponse({ type: FunderPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListFundersQuery): Promise<FunderPageDto> {
    return this.funders.list(actor, query);
  }

  @Post()
  @ApiOperation({ summary: 'Add a funder' })
  @ApiErrors('badRequest', 'conflict')
  @ApiCreatedResponse({ type: FunderDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateFunderDto, @Req() req: { id?: string }): Promise<FunderDto> {
    return this.funders.create(actor, dto, req.id);
  }
}
