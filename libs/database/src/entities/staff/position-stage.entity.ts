import { Check, Column, Entity, Relation, Unique } from 'typeorm';
import { DateColumn, EditableRecord, UuidPrimaryColumn } from '../columns';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationIdColumn, OrganisationRelation, TenantRelation } from '../tenant';
import { StaffPositionEntity } from './staff-position.entity';

/**
 * The Stufe of a position from a date (the employer's Stufenfestsetzung). The first entry is the
 * employment start; later ones take effect on the 1st of a month (§ 17 Abs. 1 TVöD), which the
 * engine checks.
 */
@Entity({ name: 'position_stage' })
@Unique('position_stage_tenant_key', ['organisationId', 'id'])
@Unique('position_stage_position_id_valid_from_key', ['organisationId', 'positionId', 'validFrom'])
@Check('position_stage_stage_check', `"stage" BETWEEN 1 AND 6`)
export class PositionStageEntity extends EditableRecord {
  @UuidPrimaryColumn('position_stage')
  id!: string;

  @OrganisationIdColumn()
  organisationId!: string;

  @OrganisationRelation('position_stage')
  organisation?: Relation<OrganisationEntity>;

  @Column({ name: 'position_id', type: 'uuid' })
  positionId!: string;

  @TenantRelation(() => StaffPositionEntity, 'position_id', 'position_stage_position_id_fkey', { onDelete: 'CASCADE' })
  position?: Relation<StaffPositionEntity>;

  @DateColumn('valid_from')
  validFrom!: string;

  @Column({ type: 'int' })
  stage!: number;
}
