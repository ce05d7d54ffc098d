import { Check, Column, Entity, Relation, Unique } from 'typeorm';
import { EditableRecord, oneOf, UuidPrimaryColumn } from '../columns';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationIdColumn, OrganisationRelation } from '../tenant';

export const FUNDER_KINDS = ['land', 'foundation', 'health_insurers', 'federal', 'other'] as const;
export type FunderKind = (typeof FUNDER_KINDS)[number];

/**
 * Who gives the money: a Land ministry, a foundation, the GKV-Bündnis … Kept per organisation:
 * each tenant configures its own funders and their programmes' rules.
 */
@Entity({ name: 'funder' })
@Unique('funder_tenant_key', ['organisationId', 'id'])
@Unique('funder_organisation_id_name_key', ['organisationId', 'name'])
@Check('funder_kind_check', oneOf('kind', FUNDER_KINDS))
export class FunderEntity extends EditableRecord {
  @UuidPrimaryColumn('funder')
  id!: string;

  @OrganisationIdColumn()
  organisationId!: string;

  @OrganisationRelation('funder')
  organisation?: Relation<OrganisationEntity>;

  @Column({ type: 'text' })
  kind!: FunderKind;

  /** e.g. "Niedersächsisches Ministerium für Soziales, Gesundheit und Gleichstellung" */
  @Column({ type: 'text' })
  name!: string;
}
