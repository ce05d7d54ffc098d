import { Check, Column, Entity, Relation, Unique } from 'typeorm';
import { EditableRecord, oneOf, UuidPrimaryColumn } from '../columns';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationIdColumn, OrganisationRelation } from '../tenant';

export const ACCOUNT_KINDS = ['expense', 'revenue'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

/** A Sachkonto of the organisation's chart of accounts, e.g. '620010' "Entgelte für geleistete Arbeitszeit". */
@Entity({ name: 'account' })
@Unique('account_tenant_key', ['organisationId', 'id'])
@Unique('account_organisation_id_number_key', ['organisationId', 'number'])
@Check('account_kind_check', oneOf('kind', ACCOUNT_KINDS))
@Check('account_number_check', `"number" ~ '^[0-9]+$'`)
export class AccountEntity extends EditableRecord {
  @UuidPrimaryColumn('account')
  id!: string;

  @OrganisationIdColumn()
  organisationId!: string;

  @OrganisationRelation('account')
  organisation?: Relation<OrganisationEntity>;

  @Column({ type: 'text' })
  number!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  kind!: AccountKind;
}
