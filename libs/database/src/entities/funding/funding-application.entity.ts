import { Check, Column, Entity, Index, Relation, Unique } from 'typeorm';
import { DateColumn, EditableRecord, oneOf, UuidPrimaryColumn } from '../columns';
import { DepartmentEntity } from '../organisation/department.entity';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationIdColumn, OrganisationRelation, TenantRelation } from '../tenant';
import { FundingProgrammeEntity } from './funding-programme.entity';

/** The lifecycle of a Förderantrag, from the draft to closing (or repayment / withdrawal). */
export const APPLICATION_STATUSES = [
  'draft',
  'internal_review',
  'council_consultation',
  'submitted',
  'approved',
  'partly_approved',
  'rejected',
  'disbursing',
  'reporting',
  'proof_of_use_due',
  'proof_submitted',
  'checked',
  'closed',
  'repayment',
  'withdrawn',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/**
 * A Förderantrag. Its cost and financing plans live in numbered revisions
 * (application_revision); `current_revision` names the one in force.
 */
@Entity({ name: 'funding_application' })
@Unique('funding_application_tenant_key', ['organisationId', 'id'])
@Index('funding_application_organisation_id_status_idx', ['organisationId', 'status'])
@Index('funding_application_organisation_id_programme_id_idx', ['organisationId', 'programmeId'])
@Index('funding_application_organisation_id_lead_department_id_idx', ['organisationId', 'leadDepartmentId'])
@Check('funding_application_status_check', oneOf('status', APPLICATION_STATUSES))
@Check('funding_application_period_check', `"period_end" >= "period_start"`)
@Check('funding_application_current_revision_check', `"current_revision" >= 1`)
export class FundingApplicationEntity extends EditableRecord {
  @UuidPrimaryColumn('funding_application')
  id!: string;

  @OrganisationIdColumn()
  organisationId!: string;

  @OrganisationRelation('funding_application')
  organisation?: Relation<OrganisationEntity>;

  @Column({ name: 'programme_id', type: 'uuid' })
  programmeId!: string;

  @TenantRelation(() => FundingProgrammeEntity, 'programme_id', 'funding_application_programme_id_fkey')
  programme?: Relation<FundingProgrammeEntity>;

  /** Federführend. */
  @Column({ name: 'lead_department_id', type: 'uuid' })
  leadDepartmentId!: string;

  @TenantRelation(() => DepartmentEntity, 'lead_department_id', 'funding_application_lead_department_id_fkey')
  leadDepartment?: Relation<DepartmentEntity>;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  /** Planned project period (both inclusive); the approved one is on the funding notice. */
  @DateColumn('period_start')
  periodStart!: string;

  @DateColumn('period_end')
  periodEnd!: string;

  @Column({ type: 'text', default: 'draft' })
  status!: ApplicationStatus;

  /** The revision in force (application_revision.revision_no). */
  @Column({ name: 'current_revision', type: 'int', default: 1 })
  currentRevision!: number;
}
