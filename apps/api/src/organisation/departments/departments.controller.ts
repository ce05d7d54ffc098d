import { Body, Controller, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/common';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { ApiErrors } from '../../common/api-errors.decorator';
import { CreateDepartmentDto, DepartmentDto, DepartmentPageDto, ListDepartmentsQuery, UpdateDepartmentDto } from './department.dto';
import { DepartmentsService } from './departments.service';

@ApiTags('organisation')
@Controller('api/v1/departments')
export class DepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}

  @Get()
  @ApiOperation({ summary: "The organisation's departments (Fachdienste, Ämter)", description: 'sort: name (default, German collation), createdAt' })
  @ApiErrors('badRequest')
  @ApiOkResponse({ type: DepartmentPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListDepartmentsQuery): Promise<DepartmentPageDto> {
    return this.departments.list(actor, query);
  }

  @Post()
  @ApiOperation({ summary: 'Add a department' })
  @ApiErrors('badRequest', 'conflict')
  @ApiCreatedResponse({ type: DepartmentDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateDepartmentDto, @Req() req: { id?: string }): Promise<DepartmentDto> {
    return this.departments.create(actor, dto, req.id);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One department' })
  @ApiErrors('notFound')
  @ApiOkResponse({ type: DepartmentDto })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<DepartmentDto> {
    return this.departments.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename a department (optimistic locking by version)' })
  @ApiErrors('badRequest', 'notFound', 'conflict')
  @ApiOkResponse({ type: DepartmentDto })
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: UpdateDepartmentDto, @Req() req: { id?: string }): Promise<DepartmentDto> {
    return this.departments.update(actor, id, dto, req.id);
  }
}
