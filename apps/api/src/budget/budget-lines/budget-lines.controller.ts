import { Body, Controller, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/common';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { ApiErrors } from '../../common/api-errors.decorator';
import { BudgetLineDto, BudgetLinePageDto, BudgetLineSummaryDto, CreateBudgetLineDto, ListBudgetLinesQuery, UpdateBudgetLineDto } from './budget-line.dto';
import { BudgetLinesService } from './budget-lines.service';

@ApiTags('budget')
@Controller('api/v1/budget-lines')
export class BudgetLinesController {
  constructor(private readonly lines: BudgetLinesService) {}

  @Get()
  @ApiOperation({ summary: 'Budget lines (Haushaltsansätze), filtered by product, account, fiscal year or account kind' })
  @ApiErrors('badRequest')
  @ApiOkResponse({ type: BudgetLinePageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListBudgetLinesQuery): Promise<BudgetLinePageDto> {
    return this.lines.list(actor, query);
  }

  @Post()
  @ApiOperation({ summary: 'Plan a budget line: one per product, account and fiscal year' })
  @ApiErrors('badRequest', 'conflict')
  @ApiCreatedResponse({ type: BudgetLineDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateBudgetLineDto, @Req() req: { id?: string }): Promise<BudgetLineDto> {
    return this.lines.create(actor, dto, req.id);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One budget line' })
  @ApiErrors('notFound')
  @ApiOkResponse({ type: BudgetLineDto })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<BudgetLineDto> {
    return this.lines.get(actor, id);
  }

  @Get(':id/summary')
  @ApiOperation({ summary: 'Plan, commitments, actuals, reimbursements and variance of a budget line, in cents' })
  @ApiErrors('notFound')
  @ApiOkResponse({ type: BudgetLineSummaryDto })
  summary(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<BudgetLineSummaryDto> {
    return this.lines.summary(actor, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change the plan of a budget line (optimistic locking by version)' })
  @ApiErrors('badRequest', 'notFound', 'conflict')
  @ApiOkResponse({ type: BudgetLineDto })
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: UpdateBudgetLineDto, @Req() req: { id?: string }): Promise<BudgetLineDto> {
    return this.lines.update(actor, id, dto, req.id);
  }
}
