import { Column, Entity, Relation, Unique } from 'typeorm';
import { EditableRecord, UuidPrimaryColumn } from '../columns';
import { OrganisationIdColumn, OrganisationRelation } from '../tenant';
import type { OrganisationEntity } from './organisation.entity';

/** A council body that consults and decides: Jugendhilfeausschuss, Kreisausschuss, Kreistag … */
@Entity({ name: 'committee' })
@Unique('committee_tenant_key', ['organisationId', 'id'])
@Unique('committee_organisation_id_name_key', ['organisationId', 'name'])
export class CommitteeEntity extends EditableRecord {
  @UuidPrimaryColumn('committee')
  id!: string;

  @OrganisationIdColumn()
  organisationId!: string;

  @OrganisationRelation('committee')
  organisation?: Relation<OrganisationEntity>;

  /** e.g. "Ausschuss für Gleichstellung, Arbeit und Soziales" */
  @Column({ type: 'text' })
  name!: string;

  /** e.g. "JHA" */
  @Column({ name: 'short_name', type: 'text', nullable: true })
  shortName!: string | null;
}
