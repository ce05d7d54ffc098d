import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CommitteesController } from './committees/committees.controller';
import { CommitteesRepository } from './committees/committees.repository';
import { CommitteesService } from './committees/committees.service';
import { DepartmentsController } from './departments/departments.controller';
import { DepartmentsRepository } from './departments/departments.repository';
import { DepartmentsService } from './departments/departments.service';
import { MunicipalitiesController } from './municipalities/municipalities.controller';
import { MunicipalitiesRepository } from './municipalities/municipalities.repository';
import { MunicipalitiesService } from './municipalities/municipalities.service';
import { OrganisationController } from './organisation.controller';
import { OrganisationRepository } from './organisation.repository';
import { OrganisationService } from './organisation.service';
import { UsersController } from './users/users.controller';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';

/** The tenant's structure: the organisation itself, departments, municipalities, committees with sessions, users. */
@Module({
  imports: [AuditModule],
  controllers: [OrganisationController, DepartmentsController, MunicipalitiesController, CommitteesController, UsersController],
  providers: [
    OrganisationRepository,
    OrganisationService,
    DepartmentsRepository,
    DepartmentsService,
    MunicipalitiesRepository,
    MunicipalitiesService,
    CommitteesRepository,
    CommitteesService,
    UsersRepository,
    UsersService,
  ],
})
export class OrganisationModule {}
