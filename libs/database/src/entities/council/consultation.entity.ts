import { Check, Column, Entity, Index, Relation, Unique } from 'typeorm';
import { DateColumn, EditableRecord, oneOf, UuidPrimaryColumn } from '../columns';
import { CommitteeEntity } from '../organisation/committee.entity';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationIdColumn, OrganisationRelation, TenantRelation } from '../tenant';
import { CouncilPaperEntity } from './council-paper.entity';

/** Kenntnisnahme, Vorberatung, Entscheidung (OParl Consultation.role). */
export const CONSULTATION_ROLES = ['acknowledgement', 'preliminary', 'decision'] as const;
export type ConsultationRole = (typeof CONSULTATION_ROLES)[number];

/**
 * One step of a paper's Beratungsfolge: a committee consults the paper on a session date.
 * `position` orders the steps; at most one step per paper is authoritative (decides).
 */
@Entity({ name: 'consultation' })
@Unique('consultation_tenant_key', ['organisationId', 'id'])
@Unique('consultation_paper_id_position_key', ['organisationId', 'paperId', 'position'])
@Index('consultation_organisation_id_committee_id_session_date_idx', ['organisationId', 'committeeId', 'sessionDate'])
@Index('consultation_authoritative_idx', ['paperId'], { unique: true, where: '"authoritative"' })
@Check('consultation_role_check', oneOf('role', CONSULTATION_ROLES))
@Check('consultation_position_check', `"position" >= 1`)
export class ConsultationEntity extends EditableRecord {
  @UuidPrimaryColumn('consultation')
  id!: string;

  @OrganisationIdColumn()
  organisationId!: string;

  @OrganisationRelation('consultation')
  organisation?: Relation<OrganisationEntity>;

  @Column({ name: 'paper_id', type: 'uuid' })
  paperId!: string;

  @TenantRelation(() => CouncilPaperEntity, 'paper_id', 'consultation_paper_id_fkey', { onDelete: 'CASCADE' })
  paper?: Relation<CouncilPaperEntity>;

  @Column({ type: 'int' })
  position!: number;

  @Column({ name: 'committee_id', type: 'uuid' })
  committeeId!: string;

  @TenantRelation(() => CommitteeEntity, 'committee_id', 'consultation_committee_id_fkey')
  committee?: Relation<CommitteeEntity>;

  @DateColumn('session_date')
  sessionDate!: string;

  @Column({ type: 'text' })
  role!: ConsultationRole;

  /** Ö (true) or N (false). */
  @Column({ name: 'public', type: 'boolean', default: true })
  isPublic!: boolean;

  /** The recorded result, e.g. "zur Kenntnis genommen"; null until consulted. */
  @Column({ type: 'text', nullable: true })
  outcome!: string | null;

  /** OParl authoritative: this consultation decides. */
  @Column({ type: 'boolean', default: false })
  authoritative!: boolean;
}
