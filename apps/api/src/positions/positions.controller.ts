import { Body, Controller, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { PositionState } from '@app/workflows/position/signals';
import type { Actor } from '@app/common';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiErrors, ErrorDto } from '../common/api-errors.decorator';
import { CreatePositionChangeDto, CreatePositionDto, CreatePositionHolderDto, ListPositionsQuery, PositionDto, PositionPageDto, UpdatePositionDto } from './position.dto';
import { PositionsService } from './positions.service';

@ApiTags('positions')
@Controller('api/v1/positions')
export class PositionsController {
  constructor(private readonly positions: PositionsService) {}

  @Post()
  @ApiOperation({ summary: 'Create a staff position (Stelle) in the Stellenplan, status planned, with its first Stufe' })
  @ApiErrors('badRequest')
  @ApiCreatedResponse({ type: PositionDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePositionDto, @Req() req: { id?: string }): Promise<PositionDto> {
    return this.positions.create(actor, dto, req.id);
  }

  @Get()
  @ApiOperation({ summary: "The organisation's staff positions, filtered and paginated", description: 'sort: title (default, German collation), startOn' })
  @ApiErrors('badRequest')
  @ApiOkResponse({ type: PositionPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListPositionsQuery): Promise<PositionPageDto> {
    return this.positions.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A staff position with its stage history, allowances, holders and changes' })
  @ApiErrors('notFound')
  @ApiOkResponse({ type: PositionDto })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<PositionDto> {
    return this.positions.get(actor, id);
  }

  @Get(':id/workflow')
  @ApiOperation({ summary: "The state of the position's workflow (position-<id>): plan, holders, months booked, totals, end reminder" })
  @ApiErrors('notFound', 'conflict')
  @ApiServiceUnavailableResponse({ type: ErrorDto, description: 'the workflow service cannot be reached' })
  @ApiOkResponse({ description: 'the workflow query positionState (workflows/position/signals.ts PositionState)' })
  workflow(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<PositionState> {
    return this.positions.workflowState(actor, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a position (optimistic locking: send the version you read); terms only while planned or advertised' })
  @ApiErrors('badRequest', 'notFound', 'conflict')
  @ApiOkResponse({ type: PositionDto })
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: UpdatePositionDto, @Req() req: { id?: string }): Promise<PositionDto> {
    return this.positions.update(actor, id, dto, req.id);
  }

  @Post(':id/changes')
  @ApiOperation({ summary: 'Record a dated change to a filled position: hours, stage (1st of a month), early end, extension (needs a council decision)' })
  @ApiErrors('badRequest', 'notFound', 'conflict')
  @ApiServiceUnavailableResponse({ type: ErrorDto, description: 'the workflow service cannot be reached; nothing was changed' })
  @ApiCreatedResponse({ type: PositionDto, description: 'the position with the change' })
  addChange(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: CreatePositionChangeDto, @Req() req: { id?: string }): Promise<PositionDto> {
    return this.positions.addChange(actor, id, dto, req.id);
  }

  @Post(':id/holders')
  @ApiOperation({ summary: 'Enter who fills the position from when to when (no overlaps); the position becomes filled' })
  @ApiErrors('badRequest', 'notFound', 'conflict')
  @ApiServiceUnavailableResponse({ type: ErrorDto, description: 'the workflow service cannot be reached; nothing was changed' })
  @ApiCreatedResponse({ type: PositionDto, description: 'the position with the holder' })
  addHolder(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: CreatePositionHolderDto, @Req() req: { id?: string }): Promise<PositionDto> {
    return this.positions.addHolder(actor, id, dto, req.id);
  }
}
