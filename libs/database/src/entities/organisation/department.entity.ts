import { Column, Entity, Relation, Unique } from 'typeorm';
import { EditableRecord, UuidPrimaryColumn } from '../columns';
import { OrganisationIdColumn, OrganisationRelation } from '../tenant';
import type { OrganisationEntity } from './organisation.entity';

/** Fachdienst / Fachbereich / Amt, e.g. "Fachdienst Jugendamt": the unit that leads (federführend). */
@Entity({ name: 'department' })
@Unique('department_tenant_key', ['organisationId', 'id'])
@Unique('department_organisation_id_name_key', ['organisationId', 'name'])
export class DepartmentEntity extends EditableRecord {
  @UuidPrimaryColumn('department')
  id!: string;

  @OrganisationIdColumn()
  organisationId!: string;

  @OrganisationRelation('department')
  organisation?: Relation<OrganisationEntity>;

  @Column({ type: 'text' })
  name!: string;

  /** e.g. "FD 51" */
  @Column({ name: 'short_name', type: 'text', nullable: true })
  shortName!: string | null;
}
