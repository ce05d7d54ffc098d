import { Column, Entity, Index, Relation, Unique } from 'typeorm';
import { EditableRecord, UuidPrimaryColumn } from '../columns';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationIdColumn, OrganisationRelation, TenantRelation } from '../tenant';

/**
 * A node of the organisation's product tree (Produkthaushalt), e.g. '3636' "übrige Hilfen" under
 * Produktbereich '06'. Numbers follow each Land's product framework: configurable data.
 */
@Entity({ name: 'budget_product' })
@Unique('budget_product_tenant_key', ['organisationId', 'id'])
@Unique('budget_product_organisation_id_number_key', ['organisationId', 'number'])
@Index('budget_product_organisation_id_parent_id_idx', ['organisationId', 'parentId'])
export class BudgetProductEntity extends EditableRecord {
  @UuidPrimaryColumn('budget_product')
  id!: string;

  @OrganisationIdColumn()
  organisationId!: string;

  @OrganisationRelation('budget_product')
  organisation?: Relation<OrganisationEntity>;

  /** The enclosing Produktbereich / Produktgruppe; null at the top. */
  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  @TenantRelation(() => BudgetProductEntity, 'parent_id', 'budget_product_parent_id_fkey')
  parent?: Relation<BudgetProductEntity> | null;

  /** e.g. '3636' */
  @Column({ type: 'text' })
  number!: string;

  /** e.g. 'übrige Hilfen' */
  @Column({ type: 'text' })
  name!: string;
}
