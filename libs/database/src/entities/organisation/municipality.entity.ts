import { Check, Column, Entity, Relation, Unique } from 'typeorm';
import { EditableRecord, oneOf, UuidPrimaryColumn } from '../columns';
import { OrganisationIdColumn, OrganisationRelation } from '../tenant';
import type { OrganisationEntity } from './organisation.entity';

export const MUNICIPALITY_KINDS = ['city', 'municipality'] as const;
export type MunicipalityKind = (typeof MUNICIPALITY_KINDS)[number];

/** A kreisangehörige Stadt or Gemeinde of the county (28 in Landkreis Kassel): where local networks meet. */
@Entity({ name: 'municipality' })
@Unique('municipality_tenant_key', ['organisationId', 'id'])
@Unique('municipality_organisation_id_name_key', ['organisationId', 'name'])
@Check('municipality_kind_check', oneOf('kind', MUNICIPALITY_KINDS))
export class MunicipalityEntity extends EditableRecord {
  @UuidPrimaryColumn('municipality')
  id!: string;

  @OrganisationIdColumn()
  organisationId!: string;

  @OrganisationRelation('municipality')
  organisation?: Relation<OrganisationEntity>;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  kind!: MunicipalityKind;
}
