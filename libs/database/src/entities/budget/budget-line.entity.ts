import { Check, Column, Entity, Index, Relation, Unique } from 'typeorm';
import { CentsColumn, EditableRecord, UuidPrimaryColumn } from '../columns';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationIdColumn, OrganisationRelation, TenantRelation } from '../tenant';
import { AccountEntity } from './account.entity';
import { BudgetProductEntity } from './budget-product.entity';

/** Haushaltsansatz: the plan of one product and account in one fiscal year. Actuals are ledger entries. */
@Entity({ name: 'budget_line' })
@Unique('budget_line_tenant_key', ['organisationId', 'id'])
@Unique('budget_line_product_id_account_id_fiscal_year_key', ['organisationId', 'productId', 'accountId', 'fiscalYear'])
@Index('budget_line_organisation_id_account_id_idx', ['organisationId', 'accountId'])
@Check('budget_line_fiscal_year_check', `"fiscal_year" BETWEEN 2000 AND 2100`)
export class BudgetLineEntity extends EditableRecord {
  @UuidPrimaryColumn('budget_line')
  id!: string;

  @OrganisationIdColumn()
  organisationId!: string;

  @OrganisationRelation('budget_line')
  organisation?: Relation<OrganisationEntity>;

  @Column({ name: 'product_id', type: 'uuid' })
  productId!: string;

  @TenantRelation(() => BudgetProductEntity, 'product_id', 'budget_line_product_id_fkey')
  product?: Relation<BudgetProductEntity>;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @TenantRelation(() => AccountEntity, 'account_id', 'budget_line_account_id_fkey')
  account?: Relation<AccountEntity>;

  @Column({ name: 'fiscal_year', type: 'int' })
  fiscalYear!: number;

  /** Ansatz; signed like the account (expense and revenue plans are both positive). */
  @CentsColumn('planned_cents', { default: 0 })
  plannedCents!: number;
}
