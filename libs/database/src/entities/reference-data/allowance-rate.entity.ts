import { Check, Column, Entity, Unique } from 'typeorm';
import { CentsColumn, CreatedRecord, DateColumn, UuidPrimaryColumn } from '../columns';
import { MONTH_VALIDITY_CHECK } from './validity';

/** A monthly allowance fixed in the collective agreement (the engine's AllowanceRow), e.g. the SuE-Zulage. */
@Entity({ name: 'allowance_rate' })
@Unique('allowance_rate_code_valid_from_pay_groups_key', ['code', 'validFrom', 'payGroups'])
@Check('allowance_rate_code_check', `"code" ~ '^[A-Z][A-Z0-9_]*$'`)
@Check('allowance_rate_pay_groups_check', `cardinality("pay_groups") > 0`)
@Check('allowance_rate_amount_cents_check', `"amount_cents" >= 0`)
@Check('allowance_rate_validity_check', MONTH_VALIDITY_CHECK)
export class AllowanceRateEntity extends CreatedRecord {
  @UuidPrimaryColumn('allowance_rate')
  id!: string;

  /** e.g. 'SUE_ZULAGE' */
  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Groups the row applies to; a Fallgruppe is written 'S 15 Fg 6'. */
  @Column({ name: 'pay_groups', type: 'text', array: true })
  payGroups!: string[];

  /** Monthly full-time amount. */
  @CentsColumn('amount_cents')
  amountCents!: number;

  @Column({ name: 'pro_rata_part_time', type: 'boolean' })
  proRataPartTime!: boolean;

  @Column({ name: 'pro_rata_partial_month', type: 'boolean' })
  proRataPartialMonth!: boolean;

  @Column({ name: 'in_bonus_base', type: 'boolean' })
  inBonusBase!: boolean;

  @Column({ name: 'in_on_cost_base', type: 'boolean' })
  inOnCostBase!: boolean;

  @DateColumn('valid_from')
  validFrom!: string;

  @DateColumn('valid_to', { nullable: true })
  validTo!: string | null;

  /** true: not confirmed (e.g. assumed not dynamised). */
  @Column({ type: 'boolean', default: false })
  assumed!: boolean;

  @Column({ type: 'text', nullable: true })
  note!: string | null;
}
