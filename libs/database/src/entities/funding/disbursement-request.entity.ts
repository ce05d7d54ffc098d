import { Check, Column, Entity, Relation, Unique } from 'typeorm';
import { CentsColumn, DateColumn, EditableRecord, oneOf, UuidPrimaryColumn } from '../columns';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationIdColumn, OrganisationRelation, TenantRelation } from '../tenant';
import { FundingApplicationEntity } from './funding-application.entity';

export const DISBURSEMENT_STATUSES = ['draft', 'sent', 'paid', 'cancelled'] as const;
export type DisbursementStatus = (typeof DISBURSEMENT_STATUSES)[number];

/** A Mittelabruf: calling approved money for the payments due in [covers_from, covers_to]. */
@Entity({ name: 'disbursement_request' })
@Unique('disbursement_request_tenant_key', ['organisationId', 'id'])
@Unique('disbursement_request_application_id_sequence_no_key', ['organisationId', 'applicationId', 'sequenceNo'])
@Check('disbursement_request_status_check', oneOf('status', DISBURSEMENT_STATUSES))
@Check('disbursement_request_sequence_no_check', `"sequence_no" >= 1`)
@Check('disbursement_request_amount_cents_check', `"amount_cents" > 0`)
@Check('disbursement_request_covers_check', `"covers_to" >= "covers_from"`)
export class DisbursementRequestEntity extends EditableRecord {
  @UuidPrimaryColumn('disbursement_request')
  id!: string;

  @OrganisationIdColumn()
  organisationId!: string;

  @OrganisationRelation('disbursement_request')
  organisation?: Relation<OrganisationEntity>;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @TenantRelation(() => FundingApplicationEntity, 'application_id', 'disbursement_request_application_id_fkey')
  application?: Relation<FundingApplicationEntity>;

  /** 1, 2, 3 … per application. */
  @Column({ name: 'sequence_no', type: 'int' })
  sequenceNo!: number;

  @DateColumn('requested_on')
  requestedOn!: string;

  /** The payout date the window rule is computed from (two-month rule, ANBest-P 1.4). */
  @DateColumn('payout_date')
  payoutDate!: string;

  @CentsColumn('amount_cents')
  amountCents!: number;

  /** The payments (by due date) this call covers. */
  @DateColumn('covers_from')
  coversFrom!: string;

  @DateColumn('covers_to')
  coversTo!: string;

  @Column({ type: 'text', default: 'draft' })
  status!: DisbursementStatus;
}
