import { Check, Column, Entity, Index, Relation, Unique } from 'typeorm';
import { CentsColumn, DateColumn, EditableRecord, UuidPrimaryColumn } from '../columns';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationIdColumn, OrganisationRelation, TenantRelation } from '../tenant';
import { DisbursementRequestEntity } from './disbursement-request.entity';
import { FundingApplicationEntity } from './funding-application.entity';

/** Money received from the funder (Zahlungseingang), usually answering a disbursement request. */
@Entity({ name: 'payment_received' })
@Unique('payment_received_tenant_key', ['organisationId', 'id'])
@Index('payment_received_organisation_id_application_id_idx', ['organisationId', 'applicationId', 'receivedOn'])
@Index('payment_received_organisation_id_disbursement_request_id_idx', ['organisationId', 'disbursementRequestId'])
@Check('payment_received_amount_cents_check', `"amount_cents" > 0`)
export class PaymentReceivedEntity extends EditableRecord {
  @UuidPrimaryColumn('payment_received')
  id!: string;

  @OrganisationIdColumn()
  organisationId!: string;

  @OrganisationRelation('payment_received')
  organisation?: Relation<OrganisationEntity>;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @TenantRelation(() => FundingApplicationEntity, 'application_id', 'payment_received_application_id_fkey')
  application?: Relation<FundingApplicationEntity>;

  @Column({ name: 'disbursement_request_id', type: 'uuid', nullable: true })
  disbursementRequestId!: string | null;

  @TenantRelation(() => DisbursementRequestEntity, 'disbursement_request_id', 'payment_received_disbursement_request_id_fkey')
  disbursementRequest?: Relation<DisbursementRequestEntity> | null;

  @DateColumn('received_on')
  receivedOn!: string;

  @CentsColumn('amount_cents')
  amountCents!: number;
}
