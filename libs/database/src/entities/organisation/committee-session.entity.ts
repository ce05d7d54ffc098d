import { Column, Entity, Relation, Unique } from 'typeorm';
import { DateColumn, EditableRecord, UuidPrimaryColumn } from '../columns';
import { OrganisationIdColumn, OrganisationRelation, TenantRelation } from '../tenant';
import { CommitteeEntity } from './committee.entity';
import type { OrganisationEntity } from './organisation.entity';

/** A session (Sitzung) of a committee on a date; at most one per committee and day. */
@Entity({ name: 'committee_session' })
@Unique('committee_session_tenant_key', ['organisationId', 'id'])
@Unique('committee_session_committee_id_session_date_key', ['organisationId', 'committeeId', 'sessionDate'])
export class CommitteeSessionEntity extends EditableRecord {
  @UuidPrimaryColumn('committee_session')
  id!: string;

  @OrganisationIdColumn()
  organisationId!: string;

  @OrganisationRelation('committee_session')
  organisation?: Relation<OrganisationEntity>;

  @Column({ name: 'committee_id', type: 'uuid' })
  committeeId!: string;

  @TenantRelation(() => CommitteeEntity, 'committee_id', 'committee_session_committee_id_fkey')
  committee?: Relation<CommitteeEntity>;

  @DateColumn('session_date')
  sessionDate!: string;

  /** Ö (true) or N (false) */
  @Column({ name: 'public', type: 'boolean', default: true })
  isPublic!: boolean;
}
