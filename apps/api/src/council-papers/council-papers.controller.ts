import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Put, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/common';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiErrors, ErrorDto } from '../common/api-errors.decorator';
import { DocumentDto } from '../documents/document.dto';
import { workflowIds } from '@app/workflows/names';
import { councilPaperStateQuery, type CouncilPaperState } from '@app/workflows/council-paper/signals';
import { WorkflowGateway } from '../workflows/workflow-gateway';
import {
  ConsultationParams,
  CouncilPaperDto,
  CouncilPaperPageDto,
  CreateCouncilPaperDto,
  CreateDraftFromApplicationDto,
  ListCouncilPapersQuery,
  RecordOutcomeDto,
  ReleaseCouncilPaperDto,
  UpdateCouncilPaperDto,
} from './council-paper.dto';
import { CouncilPapersService } from './council-papers.service';

@ApiTags('council-papers')
@Controller('api/v1')
export class CouncilPapersController {
  constructor(
    private readonly papers: CouncilPapersService,
    private readonly gateway: WorkflowGateway,
  ) {}

  @Get('council-papers/:id/workflow')
  @ApiOperation({ summary: "The state of a released paper's consultation workflow (council-paper-<id>), as the workflow holds it" })
  @ApiErrors('notFound', 'conflict')
  @ApiServiceUnavailableResponse({ type: ErrorDto, description: 'the workflow service cannot be reached' })
  @ApiOkResponse({ description: 'the workflow query of workflows/council-paper/signals.ts (CouncilPaperState)' })
  async workflow(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<CouncilPaperState> {
    await this.papers.get(actor, id); // another organisation's paper: 404 before Temporal is asked
    return this.gateway.query(workflowIds.councilPaper(id), councilPaperStateQuery);
  }

  @Post('council-papers')
  @ApiOperation({ summary: 'Write a new council paper (Vorlage) as a draft with its Beratungsfolge; without a number the next of the year is allocated' })
  @ApiErrors('badRequest', 'conflict')
  @ApiCreatedResponse({ type: CouncilPaperDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCouncilPaperDto, @Req() req: { id?: string }): Promise<CouncilPaperDto> {
    return this.papers.create(actor, dto, req.id);
  }

  @Get('council-papers')
  @ApiOperation({ summary: "The organisation's council papers, filtered and paginated", description: 'sort: number (year, then running number), paperDate (default -paperDate,-number), title, createdAt' })
  @ApiErrors('badRequest')
  @ApiOkResponse({ type: CouncilPaperPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListCouncilPapersQuery): Promise<CouncilPaperPageDto> {
    return this.papers.list(actor, query);
  }

  @Get('council-papers/:id')
  @ApiOperation({ summary: 'A council paper with its Beratungsfolge in order' })
  @ApiErrors('notFound')
  @ApiOkResponse({ type: CouncilPaperDto })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<CouncilPaperDto> {
    return this.papers.get(actor, id);
  }

  @Patch('council-papers/:id')
  @ApiOperation({ summary: 'Change a draft paper (optimistic locking: send the version you read); a released paper is changed only by a new paper' })
  @ApiErrors('badRequest', 'notFound', 'conflict')
  @ApiOkResponse({ type: CouncilPaperDto })
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: UpdateCouncilPaperDto, @Req() req: { id?: string }): Promise<CouncilPaperDto> {
    return this.papers.update(actor, id, dto, req.id);
  }

  @Post('council-papers/:id/release')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Release a complete draft (draft → released), version-checked',
    description: "Starts the paper's consultation workflow (council-paper-<id>) along the Beratungsfolge; a Beratungsfolge it cannot walk is 409.",
  })
  @ApiErrors('badRequest', 'notFound', 'conflict')
  @ApiServiceUnavailableResponse({ type: ErrorDto, description: 'the workflow service cannot be reached; nothing was changed' })
  @ApiOkResponse({ type: CouncilPaperDto })
  release(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: ReleaseCouncilPaperDto, @Req() req: { id?: string }): Promise<CouncilPaperDto> {
    return this.papers.release(actor, id, dto, req.id);
  }

  @Put('council-papers/:id/consultations/:position/outcome')
  @ApiOperation({
    summary: 'Record the outcome of a consultation of a released paper, in the order of the Beratungsfolge, from its session date on',
    description:
      "Goes to the paper's workflow (recordOutcome): 409 with its reason when the outcome does not fit the consultation under way. postponed moves the consultation to the committee's next session; the deciding outcome is signalled to the application's workflow.",
  })
  @ApiErrors('badRequest', 'notFound', 'conflict')
  @ApiServiceUnavailableResponse({ type: ErrorDto, description: 'the workflow service cannot be reached; nothing was changed' })
  @ApiOkResponse({ type: CouncilPaperDto })
  recordOutcome(@CurrentActor() actor: Actor, @Param() params: ConsultationParams, @Body() dto: RecordOutcomeDto): Promise<CouncilPaperDto> {
    return this.papers.recordOutcome(actor, params.id, params.position, dto);
  }

  @Post('council-papers/:id/documents')
  @ApiOperation({ summary: 'Render the paper as a PDF and store it as the next version of its document (earlier versions stay)' })
  @ApiErrors('notFound', 'conflict')
  @ApiCreatedResponse({ type: DocumentDto })
  generateDocument(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: { id?: string }): Promise<DocumentDto> {
    return this.papers.generateDocument(actor, id, req.id);
  }

  @Post('applications/:id/council-paper-draft')
  @ApiOperation({ summary: 'Draft an Informationsvorlage from an application: programme as title, positions, budget product and cost in the Ressourceneinsatz' })
  @ApiErrors('badRequest', 'notFound', 'conflict')
  @ApiCreatedResponse({ type: CouncilPaperDto })
  draftFromApplication(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: CreateDraftFromApplicationDto,
    @Req() req: { id?: string },
  ): Promise<CouncilPaperDto> {
    return this.papers.draftFromApplication(actor, id, dto ?? {}, req.id);
  }
}
