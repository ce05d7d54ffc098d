import { Column, Entity, Unique } from 'typeorm';
import { CreatedRecord, UuidPrimaryColumn } from '../columns';

/** A Bemessungssatz band of the Jahressonderzahlung (the engine's BonusBand), e.g. 'EG 9a-12 / S 10-S 18'. */
@Entity({ name: 'bonus_band' })
@Unique('bonus_band_band_key', ['band'])
export class BonusBandEntity extends CreatedRecord {
  @UuidPrimaryColumn('bonus_band')
  id!: string;

  @Column({ type: 'text' })
  band!: string;

  @Column({ name: 'pay_groups', type: 'text', array: true })
  payGroups!: string[];

  /** true: the mapping of groups to the band is inferred, not read in the agreement. */
  @Column({ type: 'boolean', default: false })
  inferred!: boolean;

  @Column({ type: 'text', nullable: true })
  note!: string | null;
}
