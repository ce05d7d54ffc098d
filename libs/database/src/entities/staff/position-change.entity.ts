import { Check, Column, Entity, Relation, Unique } from 'typeorm';
import { DateColumn, EditableRecord, oneOf, UuidPrimaryColumn } from '../columns';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationIdColumn, OrganisationRelation, TenantRelation } from '../tenant';
import { StaffPositionEntity } from './staff-position.entity';

/** The engine's PositionChange kinds ('earlyEnd' there is 'early_end' here). */
export const POSITION_CHANGE_KINDS = ['hours', 'stage', 'early_end', 'extension'] as const;
export type PositionChangeKind = (typeof POSITION_CHANGE_KINDS)[number];

/**
 * A change to a position over time: new weekly hours ({ "weeklyHours": "19.5" }), a new Stufe
 * ({ "stage": 3 }), an earlier end or an extension (the new last day is effective_on).
 * Applied in sequence_no order, as the engine applies its `changes` list.
 */
@Entity({ name: 'position_change' })
@Unique('position_change_tenant_key', ['organisationId', 'id'])
@Unique('position_change_position_id_sequence_no_key', ['organisationId', 'positionId', 'sequenceNo'])
@Check('position_change_kind_check', oneOf('kind', POSITION_CHANGE_KINDS))
@Check('position_change_sequence_no_check', `"sequence_no" >= 1`)
@Check('position_change_payload_check', `jsonb_typeof("payload") = 'object'`)
export class PositionChangeEntity extends EditableRecord {
  @UuidPrimaryColumn('position_change')
  id!: string;

  @OrganisationIdColumn()
  organisationId!: string;

  @OrganisationRelation('position_change')
  organisation?: Relation<OrganisationEntity>;

  @Column({ name: 'position_id', type: 'uuid' })
  positionId!: string;

  @TenantRelation(() => StaffPositionEntity, 'position_id', 'position_change_position_id_fkey', { onDelete: 'CASCADE' })
  position?: Relation<StaffPositionEntity>;

  @Column({ name: 'sequence_no', type: 'int' })
  sequenceNo!: number;

  @Column({ type: 'text' })
  kind!: PositionChangeKind;

  /** From (hours, stage) or the new last day (early_end, extension). */
  @DateColumn('effective_on')
  effectiveOn!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload!: Record<string, unknown>;
}
