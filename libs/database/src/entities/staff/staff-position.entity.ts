import { Check, Column, Entity, Index, Relation, Unique } from 'typeorm';
import { AccountEntity } from '../budget/account.entity';
import { BudgetProductEntity } from '../budget/budget-product.entity';
import { DateColumn, DecimalColumn, EditableRecord, oneOf, UuidPrimaryColumn } from '../columns';
import { FundingApplicationEntity } from '../funding/funding-application.entity';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationIdColumn, OrganisationRelation, TenantRelation } from '../tenant';

export const POSITION_STATUSES = ['planned', 'advertised', 'filled', 'vacant', 'ended'] as const;
export type PositionStatus = (typeof POSITION_STATUSES)[number];

/**
 * Accounts beyond pay and reimbursement, by component, as account numbers of the organisation's
 * chart of accounts (the personnel-cost engine's AccountConfig): e.g.
 * { "allowances": { "SUE_ZULAGE": "620010" }, "bonus": "620010", "onCosts": { "SV": "640010", "ZVK": "647010" } }.
 */
export interface PositionAccountOverrides {
  allowances?: Record<string, string>;
  bonus?: string | null;
  onCosts?: Record<string, string>;
}

/**
 * A Stelle of the Stellenplan, e.g. "Netzwerkkoordination Präventionsketten" (S 12, 39 h, three
 * years). Hours are exact decimals (numeric(5,2), read as strings such as "19.5"), the form the
 * personnel-cost engine takes; stage history, allowances, holders and changes hang off it.
 */
@Entity({ name: 'staff_position' })
@Unique('staff_position_tenant_key', ['organisationId', 'id'])
@Index('staff_position_organisation_id_application_id_idx', ['organisationId', 'applicationId'])
@Index('staff_position_organisation_id_budget_product_id_idx', ['organisationId', 'budgetProductId'])
@Index('staff_position_organisation_id_pay_account_id_idx', ['organisationId', 'payAccountId'])
@Index('staff_position_organisation_id_reimbursement_account_id_idx', ['organisationId', 'reimbursementAccountId'])
@Check('staff_position_status_check', oneOf('status', POSITION_STATUSES))
@Check('staff_position_hours_check', `"weekly_hours" > 0 AND "full_time_hours" > 0 AND "weekly_hours" <= "full_time_hours"`)
@Check('staff_position_period_check', `"end_on" IS NULL OR "end_on" >= "start_on"`)
@Check('staff_position_funded_share_bp_check', `"funded_share_bp" IS NULL OR "funded_share_bp" BETWEEN 0 AND 10000`)
@Check('staff_position_account_overrides_check', `jsonb_typeof("account_overrides") = 'object'`)
export class StaffPositionEntity extends EditableRecord {
  @UuidPrimaryColumn('staff_position')
  id!: string;

  @OrganisationIdColumn()
  organisationId!: string;

  @OrganisationRelation('staff_position')
  organisation?: Relation<OrganisationEntity>;

  /** The funded application; null for positions not (yet) tied to one. */
  @Column({ name: 'application_id', type: 'uuid', nullable: true })
  applicationId!: string | null;

  @TenantRelation(() => FundingApplicationEntity, 'application_id', 'staff_position_application_id_fkey')
  application?: Relation<FundingApplicationEntity> | null;

  @Column({ type: 'text' })
  title!: string;

  /** The pay table, as in pay_table_row.pay_scale: 'TVOED_VKA' (E) or 'TVOED_VKA_SUE' (S, Anlage C). */
  @Column({ name: 'pay_scale', type: 'text' })
  payScale!: string;

  /** Eingruppierung, e.g. 'S 12' or 'E 10'. */
  @Column({ name: 'pay_group', type: 'text' })
  payGroup!: string;

  /** Fallgruppe, when an allowance depends on it (e.g. '6' for S 15 Fg 6). */
  @Column({ name: 'case_group', type: 'text', nullable: true })
  caseGroup!: string | null;

  @DecimalColumn('weekly_hours', 5, 2)
  weeklyHours!: string;

  /** Full-time hours of comparable employees (TVöD-VKA: 39). */
  @DecimalColumn('full_time_hours', 5, 2, { default: '39' })
  fullTimeHours!: string;

  /** First and last day of the employment (both inclusive); no end: permanent. */
  @DateColumn('start_on')
  startOn!: string;

  @DateColumn('end_on', { nullable: true })
  endOn!: string | null;

  /** Share of the position's cost the funder carries, in basis points; null: per the notice. */
  @Column({ name: 'funded_share_bp', type: 'int', nullable: true })
  fundedShareBp!: number | null;

  @Column({ name: 'budget_product_id', type: 'uuid', nullable: true })
  budgetProductId!: string | null;

  @TenantRelation(() => BudgetProductEntity, 'budget_product_id', 'staff_position_budget_product_id_fkey')
  budgetProduct?: Relation<BudgetProductEntity> | null;

  /** Tabellenentgelt, e.g. 620010 "Entgelte für geleistete Arbeitszeit". */
  @Column({ name: 'pay_account_id', type: 'uuid', nullable: true })
  payAccountId!: string | null;

  @TenantRelation(() => AccountEntity, 'pay_account_id', 'staff_position_pay_account_id_fkey')
  payAccount?: Relation<AccountEntity> | null;

  /** The funder's reimbursement, e.g. 541100 "Zuweisungen vom Land". */
  @Column({ name: 'reimbursement_account_id', type: 'uuid', nullable: true })
  reimbursementAccountId!: string | null;

  @TenantRelation(() => AccountEntity, 'reimbursement_account_id', 'staff_position_reimbursement_account_id_fkey')
  reimbursementAccount?: Relation<AccountEntity> | null;

  @Column({ name: 'account_overrides', type: 'jsonb', default: () => "'{}'" })
  accountOverrides!: PositionAccountOverrides;

  @Column({ type: 'text', default: 'planned' })
  status!: PositionStatus;
}
