import { Body, Controller, Get, Param, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/common';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { CreateProgrammeDto, ListProgrammesQuery, ProgrammeDto, ProgrammePageDto } from './programme.dto';
import { ProgrammesService } from './programmes.service';

@ApiTags('programmes')
@Controller('api/v1/programmes')
export class ProgrammesController {
  constructor(private readonly programmes: ProgrammesService) {}

  @Get()
  @ApiOperation({ summary: "The organisation's funding programmes (Förderprogramme)", description: 'sort: name, createdAt' })
  @ApiErrors('badRequest')
  @ApiOkResponse({ type: ProgrammePageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListProgrammesQuery): Promise<ProgrammePageDto> {
    return this.programmes.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A funding programme and its rules' })
  @ApiErrors('notFound')
  @ApiOkResponse({ type: ProgrammeDto })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<ProgrammeDto> {
    return this.programmes.get(actor, id);
  }

  @Post()
  @ApiOperation({ summary: 'Add a funding programme of one of the organisation\'s funders, with its rules' })
  @ApiErrors('badRequest', 'conflict')
  @ApiCreatedResponse({ type: ProgrammeDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateProgrammeDto, @Req() req: { id?: string }): Promise<ProgrammeDto> {
    return this.programmes.create(actor, dto, req.id);
  }
}
