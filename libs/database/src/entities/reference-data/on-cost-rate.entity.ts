import { Check, Column, Entity, Unique } from 'typeorm';
import { CreatedRecord, DateColumn, DecimalColumn, UuidPrimaryColumn } from '../columns';
import { MONTH_VALIDITY_CHECK } from './validity';

/** An employer on-cost rate by component (the engine's OnCostRateRow), e.g. 'SV' 20.95 % in 2025. */
@Entity({ name: 'on_cost_rate' })
@Unique('on_cost_rate_component_valid_from_key', ['component', 'validFrom'])
@Check('on_cost_rate_component_check', `"component" ~ '^[A-Z][A-Z0-9_]*$'`)
@Check('on_cost_rate_rate_percent_check', `"rate_percent" BETWEEN 0 AND 100`)
@Check('on_cost_rate_validity_check', MONTH_VALIDITY_CHECK)
export class OnCostRateEntity extends CreatedRecord {
  @UuidPrimaryColumn('on_cost_rate')
  id!: string;

  /** e.g. 'SV', 'ZVK' */
  @Column({ type: 'text' })
  component!: string;

  @Column({ type: 'text' })
  name!: string;

  /** e.g. "20.95" */
  @DecimalColumn('rate_percent', 7, 4)
  ratePercent!: string;

  @DateColumn('valid_from')
  validFrom!: string;

  @DateColumn('valid_to', { nullable: true })
  validTo!: string | null;

  /** true: not confirmed (e.g. carried forward after the last known year). */
  @Column({ type: 'boolean', default: false })
  assumed!: boolean;

  /** How the rate is made up, e.g. "RV 9.30 + KV 7.30 + …". */
  @Column({ type: 'text', nullable: true })
  basis!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;
}
