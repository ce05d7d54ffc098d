import { Check, Column, Entity, Index, Relation, Unique } from 'typeorm';
import { DateColumn, EditableRecord, oneOf, UuidPrimaryColumn } from '../columns';
import { AppUserEntity } from '../organisation/app-user.entity';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationIdColumn, OrganisationRelation, TenantRelation } from '../tenant';
import { FundingApplicationEntity } from './funding-application.entity';

export const MILESTONE_STATUSES = ['open', 'done', 'overdue', 'cancelled'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

/**
 * A Meilenstein of a funded programme: steering group set up, Bestandsaufnahme, Leitbild, one
 * network meeting per municipality per year … Done means done on a date, with evidence.
 */
@Entity({ name: 'programme_milestone' })
@Unique('programme_milestone_tenant_key', ['organisationId', 'id'])
@Index('programme_milestone_organisation_id_application_id_idx', ['organisationId', 'applicationId', 'dueOn'])
@Index('programme_milestone_organisation_id_owner_id_idx', ['organisationId', 'ownerId'])
@Check('programme_milestone_status_check', oneOf('status', MILESTONE_STATUSES))
@Check('programme_milestone_done_on_check', `("status" = 'done') = ("done_on" IS NOT NULL)`)
export class ProgrammeMilestoneEntity extends EditableRecord {
  @UuidPrimaryColumn('programme_milestone')
  id!: string;

  @OrganisationIdColumn()
  organisationId!: string;

  @OrganisationRelation('programme_milestone')
  organisation?: Relation<OrganisationEntity>;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @TenantRelation(() => FundingApplicationEntity, 'application_id', 'programme_milestone_application_id_fkey')
  application?: Relation<FundingApplicationEntity>;

  @Column({ type: 'text' })
  title!: string;

  @DateColumn('due_on')
  dueOn!: string;

  /** Who is responsible; reminders go to them. */
  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId!: string | null;

  @TenantRelation(() => AppUserEntity, 'owner_id', 'programme_milestone_owner_id_fkey')
  owner?: Relation<AppUserEntity> | null;

  @Column({ type: 'text', default: 'open' })
  status!: MilestoneStatus;

  /** What shows it is done (minutes, a link, a document reference). */
  @Column({ type: 'text', nullable: true })
  evidence!: string | null;

  @DateColumn('done_on', { nullable: true })
  doneOn!: string | null;
}
