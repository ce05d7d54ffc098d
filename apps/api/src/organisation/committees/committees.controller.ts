import { Body, Controller, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/common';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { ApiErrors } from '../../common/api-errors.decorator';
import {
  CommitteeDto,
  CommitteePageDto,
  CommitteeSessionDto,
  CommitteeSessionPageDto,
  CreateCommitteeDto,
  CreateCommitteeSessionDto,
  ListCommitteeSessionsQuery,
  ListCommitteesQuery,
  UpdateCommitteeDto,
} from './committee.dto';
import { CommitteesService } from './committees.service';

@ApiTags('organisation')
@Controller('api/v1/committees')
export class CommitteesController {
  constructor(private readonly committees: CommitteesService) {}

  @Get()
  @ApiOperation({ summary: "The organisation's committees (Ausschüsse, Kreistag)", description: 'sort: name (default, German collation), createdAt' })
  @ApiErrors('badRequest')
  @ApiOkResponse({ type: CommitteePageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListCommitteesQuery): Promise<CommitteePageDto> {
    return this.committees.list(actor, query);
  }

  @Post()
  @ApiOperation({ summary: 'Add a committee' })
  @ApiErrors('badRequest', 'conflict')
  @ApiCreatedResponse({ type: CommitteeDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCommitteeDto, @Req() req: { id?: string }): Promise<CommitteeDto> {
    return this.committees.create(actor, dto, req.id);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One committee' })
  @ApiErrors('notFound')
  @ApiOkResponse({ type: CommitteeDto })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<CommitteeDto> {
    return this.committees.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename a committee (optimistic locking by version)' })
  @ApiErrors('badRequest', 'notFound', 'conflict')
  @ApiOkResponse({ type: CommitteeDto })
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: UpdateCommitteeDto, @Req() req: { id?: string }): Promise<CommitteeDto> {
    return this.committees.update(actor, id, dto, req.id);
  }

  @Get(':id/sessions')
  @ApiOperation({ summary: "A committee's sessions (Sitzungstermine)", description: 'sort: sessionDate (default)' })
  @ApiErrors('badRequest', 'notFound')
  @ApiOkResponse({ type: CommitteeSessionPageDto })
  sessions(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: ListCommitteeSessionsQuery): Promise<CommitteeSessionPageDto> {
    return this.committees.listSessions(actor, id, query);
  }

  @Post(':id/sessions')
  @ApiOperation({ summary: 'Add a session date to a committee (at most one a day)' })
  @ApiErrors('badRequest', 'notFound', 'conflict')
  @ApiCreatedResponse({ type: CommitteeSessionDto })
  addSession(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: CreateCommitteeSessionDto, @Req() req: { id?: string }): Promise<CommitteeSessionDto> {
    return this.committees.addSession(actor, id, dto, req.id);
  }
}
