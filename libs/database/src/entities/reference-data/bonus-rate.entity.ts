import { Check, Column, Entity, JoinColumn, ManyToOne, Relation, Unique } from 'typeorm';
import { CreatedRecord, DateColumn, DecimalColumn, UuidPrimaryColumn } from '../columns';
import { BonusBandEntity } from './bonus-band.entity';
import { MONTH_VALIDITY_CHECK } from './validity';

/**
 * The Jahressonderzahlung rate of a band for a validity period (the engine's BonusRateRow).
 * Rates are exact decimals in percent, numeric(7,4): on-cost rates need three decimals
 * (½ × 2.45 % = 1.225 %), which basis points cannot hold.
 */
@Entity({ name: 'bonus_rate' })
@Unique('bonus_rate_band_valid_from_key', ['band', 'validFrom'])
@Check('bonus_rate_rate_percent_check', `"rate_percent" BETWEEN 0 AND 100`)
@Check('bonus_rate_validity_check', MONTH_VALIDITY_CHECK)
export class BonusRateEntity extends CreatedRecord {
  @UuidPrimaryColumn('bonus_rate')
  id!: string;

  @Column({ type: 'text' })
  band!: string;

  @ManyToOne(() => BonusBandEntity, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'band', referencedColumnName: 'band', foreignKeyConstraintName: 'bonus_rate_band_fkey' })
  bonusBand?: Relation<BonusBandEntity>;

  /** e.g. "70.28" */
  @DecimalColumn('rate_percent', 7, 4)
  ratePercent!: string;

  @DateColumn('valid_from')
  validFrom!: string;

  @DateColumn('valid_to', { nullable: true })
  validTo!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;
}
