import { Body, Controller, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/common';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import {
  ApplicationDto,
  ApplicationPageDto,
  CreateAmendmentDto,
  CreateApplicationDto,
  ListApplicationsQuery,
  RevisionDto,
  RevisionParams,
  RevisionSummaryDto,
  UpdateApplicationDto,
} from './application.dto';
import { ApplicationsService } from './applications.service';

@ApiTags('applications')
@Controller('api/v1/applications')
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Post()
  @ApiOperation({ summary: 'File a new funding application (Förderantrag) as a draft with its cost and financing plan (revision 1)' })
  @ApiErrors('badRequest')
  @ApiCreatedResponse({ type: ApplicationDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateApplicationDto, @Req() req: { id?: string }): Promise<ApplicationDto> {
    return this.applications.create(actor, dto, req.id);
  }

  @Get()
  @ApiOperation({ summary: "The organisation's funding applications, filtered and paginated", description: 'sort: title, createdAt (default -createdAt), periodStart, status (lifecycle order)' })
  @ApiErrors('badRequest')
  @ApiOkResponse({ type: ApplicationPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListApplicationsQuery): Promise<ApplicationPageDto> {
    return this.applications.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A funding application with the plans and totals of its current revision' })
  @ApiErrors('notFound')
  @ApiOkResponse({ type: ApplicationDto })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<ApplicationDto> {
    return this.applications.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a draft application (optimistic locking: send the version you read); later states need an amendment' })
  @ApiErrors('badRequest', 'notFound', 'conflict')
  @ApiOkResponse({ type: ApplicationDto })
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: UpdateApplicationDto, @Req() req: { id?: string }): Promise<ApplicationDto> {
    return this.applications.update(actor, id, dto, req.id);
  }

  @Post(':id/amendments')
  @ApiOperation({ summary: 'File an amendment (Änderungsantrag): a new revision of the plans with its reason' })
  @ApiErrors('badRequest', 'notFound', 'conflict')
  @ApiCreatedResponse({ type: ApplicationDto })
  amend(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: CreateAmendmentDto, @Req() req: { id?: string }): Promise<ApplicationDto> {
    return this.applications.amend(actor, id, dto, req.id);
  }

  @Get(':id/revisions')
  @ApiOperation({ summary: 'The revisions of an application (1 = the original application), oldest first' })
  @ApiErrors('notFound')
  @ApiOkResponse({ type: [RevisionSummaryDto] })
  revisions(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<RevisionSummaryDto[]> {
    return this.applications.listRevisions(actor, id);
  }

  @Get(':id/revisions/:no')
  @ApiOperation({ summary: 'One revision of an application with its cost and financing plan' })
  @ApiErrors('badRequest', 'notFound')
  @ApiOkResponse({ type: RevisionDto })
  revision(@CurrentActor() actor: Actor, @Param() params: RevisionParams): Promise<RevisionDto> {
    return this.applications.getRevision(actor, params.id, params.no);
  }
}
