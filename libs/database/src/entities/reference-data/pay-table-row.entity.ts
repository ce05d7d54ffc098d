import { Check, Column, Entity, Unique } from 'typeorm';
import { CentsColumn, CreatedRecord, DateColumn, UuidPrimaryColumn } from '../columns';
import { MONTH_VALIDITY_CHECK } from './validity';

/**
 * One cell of a pay table (Entgelttabelle): the monthly full-time amount of (scale, group, Stufe)
 * in a validity period. The engine's PayTableRow holds a group's amounts by Stufe: one such row is
 * one row here per Stufe. Not tenant-owned: tariff data is the same for every employer.
 */
@Entity({ name: 'pay_table_row' })
@Unique('pay_table_row_pay_scale_pay_group_stage_valid_from_key', ['payScale', 'payGroup', 'stage', 'validFrom'])
@Check('pay_table_row_stage_check', `"stage" BETWEEN 1 AND 6`)
@Check('pay_table_row_amount_cents_check', `"amount_cents" >= 0`)
@Check('pay_table_row_validity_check', MONTH_VALIDITY_CHECK)
export class PayTableRowEntity extends CreatedRecord {
  @UuidPrimaryColumn('pay_table_row')
  id!: string;

  /** e.g. 'TVOED_VKA_SUE' (Anlage C) or 'TVOED_VKA' (general table). */
  @Column({ name: 'pay_scale', type: 'text' })
  payScale!: string;

  /** e.g. 'S 12', 'E 10'. */
  @Column({ name: 'pay_group', type: 'text' })
  payGroup!: string;

  @Column({ type: 'int' })
  stage!: number;

  @DateColumn('valid_from')
  validFrom!: string;

  @DateColumn('valid_to', { nullable: true })
  validTo!: string | null;

  @CentsColumn('amount_cents')
  amountCents!: number;

  /** true: computed by the agreed increase rule, not read from a published table. */
  @Column({ type: 'boolean', default: false })
  computed!: boolean;

  @Column({ type: 'text', nullable: true })
  note!: string | null;
}
