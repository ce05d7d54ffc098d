import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/common';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiErrors, ErrorDto } from '../common/api-errors.decorator';
import { workflowIds } from '@app/workflows/names';
import { milestoneStateQuery, type MilestoneState } from '@app/workflows/milestone/signals';
import { WorkflowGateway } from '../workflows/workflow-gateway';
import { CompleteMilestoneDto, CreateMilestoneDto, ListMilestonesQuery, MilestoneDto, MilestonePageDto, UpdateMilestoneDto } from './milestone.dto';
import { MilestonesService } from './milestones.service';

@ApiTags('milestones')
@Controller('api/v1')
export class MilestonesController {
  constructor(
    private readonly milestones: MilestonesService,
    private readonly gateway: WorkflowGateway,
  ) {}

  @Post('applications/:id/milestones')
  @ApiOperation({ summary: 'Add a milestone (Meilenstein) to a funding application, status open' })
  @ApiErrors('badRequest', 'notFound')
  @ApiCreatedResponse({ type: MilestoneDto })
  create(@CurrentActor() actor: Actor, @Param('id') applicationId: string, @Body() dto: CreateMilestoneDto, @Req() req: { id?: string }): Promise<MilestoneDto> {
    return this.milestones.create(actor, applicationId, dto, req.id);
  }

  @Get('milestones')
  @ApiOperation({ summary: "The organisation's milestones, filtered and paginated", description: 'sort: dueOn (default), title, createdAt' })
  @ApiErrors('badRequest')
  @ApiOkResponse({ type: MilestonePageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListMilestonesQuery): Promise<MilestonePageDto> {
    return this.milestones.list(actor, query);
  }

  @Get('milestones/:id')
  @ApiOperation({ summary: 'One milestone' })
  @ApiErrors('notFound')
  @ApiOkResponse({ type: MilestoneDto })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<MilestoneDto> {
    return this.milestones.get(actor, id);
  }

  @Get('milestones/:id/workflow')
  @ApiOperation({ summary: "The state of the milestone's workflow (milestone-<id>): reminders, overdue, escalation, as the workflow holds it" })
  @ApiErrors('notFound', 'conflict')
  @ApiServiceUnavailableResponse({ type: ErrorDto, description: 'the workflow service cannot be reached' })
  @ApiOkResponse({ description: 'the workflow query milestoneState (workflows/milestone/signals.ts MilestoneState)' })
  async workflow(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<MilestoneState> {
    await this.milestones.get(actor, id); // another organisation's milestone: 404 before Temporal is asked
    return this.gateway.query(workflowIds.milestone(id), milestoneStateQuery);
  }

  @Patch('milestones/:id')
  @ApiOperation({
    summary: 'Change, cancel or reopen a milestone (optimistic locking: send the version you read); a done milestone is final',
    description: "A new due date goes to the milestone's workflow (reschedule: not in the past; 409 with the reason otherwise), the other fields are written directly.",
  })
  @ApiErrors('badRequest', 'notFound', 'conflict')
  @ApiServiceUnavailableResponse({ type: ErrorDto, description: 'the workflow service cannot be reached; nothing was changed' })
  @ApiOkResponse({ type: MilestoneDto })
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: UpdateMilestoneDto, @Req() req: { id?: string }): Promise<MilestoneDto> {
    return this.milestones.update(actor, id, dto, req.id);
  }

  @Post('milestones/:id/complete')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Mark a milestone done on a day, with its evidence (once only); the milestone's workflow records it and ends" })
  @ApiErrors('badRequest', 'notFound', 'conflict')
  @ApiServiceUnavailableResponse({ type: ErrorDto, description: 'the workflow service cannot be reached; nothing was changed' })
  @ApiOkResponse({ type: MilestoneDto })
  complete(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: CompleteMilestoneDto): Promise<MilestoneDto> {
    return this.milestones.complete(actor, id, dto);
  }
}
