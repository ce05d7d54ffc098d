import { Check, Column, Entity, Relation, Unique } from 'typeorm';
import { CentsColumn, EditableRecord, oneOf, UuidPrimaryColumn } from '../columns';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationIdColumn, OrganisationRelation, TenantRelation } from '../tenant';
import { ApplicationRevisionEntity } from './application-revision.entity';

export const COST_CATEGORIES = ['personnel', 'material', 'other'] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];

/** A line of the Kostenplan of one revision. */
@Entity({ name: 'cost_plan_line' })
@Unique('cost_plan_line_revision_id_line_no_key', ['organisationId', 'revisionId', 'lineNo'])
@Check('cost_plan_line_category_check', oneOf('category', COST_CATEGORIES))
@Check('cost_plan_line_fiscal_year_check', `"fiscal_year" IS NULL OR "fiscal_year" BETWEEN 2000 AND 2100`)
@Check('cost_plan_line_amount_cents_check', `"amount_cents" >= 0`)
@Check('cost_plan_line_line_no_check', `"line_no" >= 1`)
export class CostPlanLineEntity extends EditableRecord {
  @UuidPrimaryColumn('cost_plan_line')
  id!: string;

  @OrganisationIdColumn()
  organisationId!: string;

  @OrganisationRelation('cost_plan_line')
  organisation?: Relation<OrganisationEntity>;

  @Column({ name: 'revision_id', type: 'uuid' })
  revisionId!: string;

  @TenantRelation(() => ApplicationRevisionEntity, 'revision_id', 'cost_plan_line_revision_id_fkey', { onDelete: 'CASCADE' })
  revision?: Relation<ApplicationRevisionEntity>;

  /** Order of the line in the plan. */
  @Column({ name: 'line_no', type: 'int' })
  lineNo!: number;

  @Column({ type: 'text' })
  category!: CostCategory;

  /** e.g. "Netzwerkkoordination (S 12, 39 h)"; receipts are assigned to lines by label. */
  @Column({ type: 'text' })
  label!: string;

  /** Haushaltsjahr, when the plan is split by year; null: the whole period. */
  @Column({ name: 'fiscal_year', type: 'int', nullable: true })
  fiscalYear!: number | null;

  @CentsColumn('amount_cents')
  amountCents!: number;
}
