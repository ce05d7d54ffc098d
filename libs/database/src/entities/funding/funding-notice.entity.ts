import { Check, Column, Entity, Relation, Unique } from 'typeorm';
import { CentsColumn, DateColumn, EditableRecord, nullOrOneOf, oneOf, UuidPrimaryColumn } from '../columns';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationIdColumn, OrganisationRelation, TenantRelation } from '../tenant';
import { FundingApplicationEntity } from './funding-application.entity';
import { FINANCING_TYPES, type FinancingType } from './funding-programme.entity';

export const NOTICE_DECISIONS = ['approved', 'partly_approved', 'rejected'] as const;
export type NoticeDecision = (typeof NOTICE_DECISIONS)[number];

/**
 * The Zuwendungsbescheid (or the signed Fördervertrag): the funder's decision on an application.
 * One per application; the period is the Bewilligungszeitraum.
 */
@Entity({ name: 'funding_notice' })
@Unique('funding_notice_tenant_key', ['organisationId', 'id'])
@Unique('funding_notice_application_id_key', ['organisationId', 'applicationId'])
@Check('funding_notice_decision_check', oneOf('decision', NOTICE_DECISIONS))
@Check('funding_notice_approved_cents_check', `"approved_cents" >= 0 AND ("decision" <> 'rejected' OR "approved_cents" = 0)`)
@Check(
  'funding_notice_period_check',
  `("period_start" IS NULL AND "period_end" IS NULL AND "decision" = 'rejected') OR "period_end" >= "period_start"`,
)
@Check('funding_notice_financing_type_check', nullOrOneOf('financing_type', FINANCING_TYPES))
@Check('funding_notice_rate_bp_check', `"rate_bp" IS NULL OR "rate_bp" BETWEEN 0 AND 10000`)
export class FundingNoticeEntity extends EditableRecord {
  @UuidPrimaryColumn('funding_notice')
  id!: string;

  @OrganisationIdColumn()
  organisationId!: string;

  @OrganisationRelation('funding_notice')
  organisation?: Relation<OrganisationEntity>;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @TenantRelation(() => FundingApplicationEntity, 'application_id', 'funding_notice_application_id_fkey')
  application?: Relation<FundingApplicationEntity>;

  @Column({ type: 'text' })
  decision!: NoticeDecision;

  /** Bewilligte Zuwendung (the Höchstbetrag of this Bescheid); 0 when rejected. */
  @CentsColumn('approved_cents')
  approvedCents!: number;

  /** Bewilligungszeitraum (both inclusive); null only when rejected. */
  @DateColumn('period_start', { nullable: true })
  periodStart!: string | null;

  @DateColumn('period_end', { nullable: true })
  periodEnd!: string | null;

  /** Financing type and rate as decided, when they deviate from the programme's; null: the programme's. */
  @Column({ name: 'financing_type', type: 'text', nullable: true })
  financingType!: FinancingType | null;

  @Column({ name: 'rate_bp', type: 'int', nullable: true })
  rateBp!: number | null;

  /** Nebenbestimmungen and other conditions, as written in the Bescheid. */
  @Column({ type: 'text', default: '' })
  conditions!: string;

  @DateColumn('issued_on')
  issuedOn!: string;

  /** Aktenzeichen of the funder. */
  @Column({ name: 'file_number', type: 'text', nullable: true })
  fileNumber!: string | null;
}
