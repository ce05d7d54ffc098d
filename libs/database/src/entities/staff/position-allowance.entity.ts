import { Check, Column, Entity, Index, Relation, Unique } from 'typeorm';
import { CentsColumn, DateColumn, EditableRecord, UuidPrimaryColumn } from '../columns';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationIdColumn, OrganisationRelation, TenantRelation } from '../tenant';
import { StaffPositionEntity } from './staff-position.entity';

/**
 * A monthly allowance on a position (the engine's PositionAllowance). Without an amount, amount and
 * flags come from the reference rows (allowance_rate) for the code and pay group; a NULL flag
 * means "as the reference row says". With an agreed amount all four flags are required.
 */
@Entity({ name: 'position_allowance' })
@Unique('position_allowance_tenant_key', ['organisationId', 'id'])
@Index('position_allowance_organisation_id_position_id_idx', ['organisationId', 'positionId'])
@Check('position_allowance_kind_check', `"kind" ~ '^[A-Z][A-Z0-9_]*$'`)
@Check('position_allowance_amount_cents_check', `"amount_cents" IS NULL OR "amount_cents" >= 0`)
@Check(
  'position_allowance_flags_check',
  `"amount_cents" IS NULL OR ("pro_rata_part_time" IS NOT NULL AND "pro_rata_partial_month" IS NOT NULL AND "in_bonus_base" IS NOT NULL AND "in_on_cost_base" IS NOT NULL)`,
)
@Check('position_allowance_validity_check', `"valid_to" IS NULL OR "valid_from" IS NULL OR "valid_to" >= "valid_from"`)
export class PositionAllowanceEntity extends EditableRecord {
  @UuidPrimaryColumn('position_allowance')
  id!: string;

  @OrganisationIdColumn()
  organisationId!: string;

  @OrganisationRelation('position_allowance')
  organisation?: Relation<OrganisationEntity>;

  @Column({ name: 'position_id', type: 'uuid' })
  positionId!: string;

  @TenantRelation(() => StaffPositionEntity, 'position_id', 'position_allowance_position_id_fkey', { onDelete: 'CASCADE' })
  position?: Relation<StaffPositionEntity>;

  /** The allowance code, e.g. 'SUE_ZULAGE' (allowance_rate.code). */
  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text', nullable: true })
  name!: string | null;

  /** A monthly full-time amount agreed for this position; null: from the reference rows. */
  @CentsColumn('amount_cents', { nullable: true })
  amountCents!: number | null;

  /** Optional limits on the position (1st of a month / last day of a month). */
  @DateColumn('valid_from', { nullable: true })
  validFrom!: string | null;

  @DateColumn('valid_to', { nullable: true })
  validTo!: string | null;

  @Column({ name: 'pro_rata_part_time', type: 'boolean', nullable: true })
  proRataPartTime!: boolean | null;

  @Column({ name: 'pro_rata_partial_month', type: 'boolean', nullable: true })
  proRataPartialMonth!: boolean | null;

  @Column({ name: 'in_bonus_base', type: 'boolean', nullable: true })
  inBonusBase!: boolean | null;

  @Column({ name: 'in_on_cost_base', type: 'boolean', nullable: true })
  inOnCostBase!: boolean | null;
}
