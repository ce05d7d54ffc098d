import { Body, Controller, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/common';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { ApiErrors } from '../../common/api-errors.decorator';
import { CreateMunicipalityDto, ListMunicipalitiesQuery, MunicipalityDto, MunicipalityPageDto, UpdateMunicipalityDto } from './municipality.dto';
import { MunicipalitiesService } from './municipalities.service';

@ApiTags('organisation')
@Controller('api/v1/municipalities')
export class MunicipalitiesController {
  constructor(private readonly municipalities: MunicipalitiesService) {}

  @Get()
  @ApiOperation({ summary: 'The Städte und Gemeinden of the organisation (kreisangehörig)', description: 'sort: name (default, German collation), kind, createdAt' })
  @ApiErrors('badRequest')
  @ApiOkResponse({ type: MunicipalityPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListMunicipalitiesQuery): Promise<MunicipalityPageDto> {
    return this.municipalities.list(actor, query);
  }

  @Post()
  @ApiOperation({ summary: 'Add a Stadt or Gemeinde' })
  @ApiErrors('badRequest', 'conflict')
  @ApiCreatedResponse({ type: MunicipalityDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateMunicipalityDto, @Req() req: { id?: string }): Promise<MunicipalityDto> {
    return this.municipalities.create(actor, dto, req.id);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One Stadt or Gemeinde' })
  @ApiErrors('notFound')
  @ApiOkResponse({ type: MunicipalityDto })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<MunicipalityDto> {
    return this.municipalities.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename a Stadt or Gemeinde or change its kind (optimistic locking by version)' })
  @ApiErrors('badRequest', 'notFound', 'conflict')
  @ApiOkResponse({ type: MunicipalityDto })
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: UpdateMunicipalityDto, @Req() req: { id?: string }): Promise<MunicipalityDto> {
    return this.municipalities.update(actor, id, dto, req.id);
  }
}
