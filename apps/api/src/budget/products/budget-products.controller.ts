import { Body, Controller, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/common';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { ApiErrors } from '../../common/api-errors.decorator';
import { BudgetProductDto, BudgetProductPageDto, CreateBudgetProductDto, ListBudgetProductsQuery, UpdateBudgetProductDto } from './budget-product.dto';
import { BudgetProductsService } from './budget-products.service';

@ApiTags('budget')
@Controller('api/v1/budget-products')
export class BudgetProductsController {
  constructor(private readonly products: BudgetProductsService) {}

  @Get()
  @ApiOperation({ summary: "The organisation's budget products (product tree), each with its path from the top" })
  @ApiErrors('badRequest')
  @ApiOkResponse({ type: BudgetProductPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListBudgetProductsQuery): Promise<BudgetProductPageDto> {
    return this.products.list(actor, query);
  }

  @Post()
  @ApiOperation({ summary: 'Add a product to the product tree' })
  @ApiErrors('badRequest', 'conflict')
  @ApiCreatedResponse({ type: BudgetProductDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateBudgetProductDto, @Req() req: { id?: string }): Promise<BudgetProductDto> {
    return this.products.create(actor, dto, req.id);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One budget product' })
  @ApiErrors('notFound')
  @ApiOkResponse({ type: BudgetProductDto })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<BudgetProductDto> {
    return this.products.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename, renumber or move a product (optimistic locking by version; no cycles)' })
  @ApiErrors('badRequest', 'notFound', 'conflict')
  @ApiOkResponse({ type: BudgetProductDto })
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: UpdateBudgetProductDto, @Req() req: { id?: string }): Promise<BudgetProductDto> {
    return this.products.update(actor, id, dto, req.id);
  }
}
