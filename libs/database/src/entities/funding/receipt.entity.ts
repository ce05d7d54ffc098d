import { Check, Column, Entity, Relation, Unique } from 'typeorm';
import { CentsColumn, DateColumn, EditableRecord, oneOf, UuidPrimaryColumn } from '../columns';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationIdColumn, OrganisationRelation, TenantRelation } from '../tenant';
import { COST_CATEGORIES, type CostCategory } from './cost-plan-line.entity';
import { FundingApplicationEntity } from './funding-application.entity';

/**
 * A Beleg of the Belegliste in the Verwendungsnachweis: date, payee, reason, amount.
 * It is assigned to a cost plan line by category and label, not by id: plan lines belong to a
 * revision, and a receipt must stay assigned when an amendment creates a new revision.
 */
@Entity({ name: 'receipt' })
@Unique('receipt_tenant_key', ['organisationId', 'id'])
@Unique('receipt_application_id_sequence_no_key', ['organisationId', 'applicationId', 'sequenceNo'])
@Check('receipt_sequence_no_check', `"sequence_no" >= 1`)
@Check('receipt_amount_cents_check', `"amount_cents" <> 0`)
@Check('receipt_cost_category_check', oneOf('cost_category', COST_CATEGORIES))
export class ReceiptEntity extends EditableRecord {
  @UuidPrimaryColumn('receipt')
  id!: string;

  @OrganisationIdColumn()
  organisationId!: string;

  @OrganisationRelation('receipt')
  organisation?: Relation<OrganisationEntity>;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @TenantRelation(() => FundingApplicationEntity, 'application_id', 'receipt_application_id_fkey')
  application?: Relation<FundingApplicationEntity>;

  /** Lfd. Nr. in the Belegliste. */
  @Column({ name: 'sequence_no', type: 'int' })
  sequenceNo!: number;

  @DateColumn('receipt_date')
  receiptDate!: string;

  /** Empfänger. */
  @Column({ type: 'text' })
  payee!: string;

  /** Grund der Zahlung. */
  @Column({ type: 'text' })
  reason!: string;

  /** Negative for a credit note (Gutschrift). */
  @CentsColumn('amount_cents')
  amountCents!: number;

  @Column({ name: 'cost_category', type: 'text' })
  costCategory!: CostCategory;

  /** The label of the cost plan line it is charged to. */
  @Column({ name: 'cost_plan_label', type: 'text' })
  costPlanLabel!: string;
}
