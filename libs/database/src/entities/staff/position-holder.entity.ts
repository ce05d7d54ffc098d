import { Check, Column, Entity, Index, Relation, Unique } from 'typeorm';
import { DateColumn, EditableRecord, UuidPrimaryColumn } from '../columns';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationIdColumn, OrganisationRelation, TenantRelation } from '../tenant';
import { StaffPositionEntity } from './staff-position.entity';

/** Who fills a position, from when to when (Stellenbesetzung). */
@Entity({ name: 'position_holder' })
@Unique('position_holder_tenant_key', ['organisationId', 'id'])
@Index('position_holder_organisation_id_position_id_idx', ['organisationId', 'positionId', 'validFrom'])
@Check('position_holder_validity_check', `"valid_to" IS NULL OR "valid_to" >= "valid_from"`)
export class PositionHolderEntity extends EditableRecord {
  @UuidPrimaryColumn('position_holder')
  id!: string;

  @OrganisationIdColumn()
  organisationId!: string;

  @OrganisationRelation('position_holder')
  organisation?: Relation<OrganisationEntity>;

  @Column({ name: 'position_id', type: 'uuid' })
  positionId!: string;

  @TenantRelation(() => StaffPositionEntity, 'position_id', 'position_holder_position_id_fkey', { onDelete: 'CASCADE' })
  position?: Relation<StaffPositionEntity>;

  @Column({ name: 'holder_name', type: 'text' })
  holderName!: string;

  @DateColumn('valid_from')
  validFrom!: string;

  /** null: holds it still. */
  @DateColumn('valid_to', { nullable: true })
  validTo!: string | null;
}
