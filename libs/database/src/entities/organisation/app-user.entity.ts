import { Check, Column, Entity, Relation, Unique } from 'typeorm';
import { ROLES, type Role } from '@app/common';
import { EditableRecord, UuidPrimaryColumn } from '../columns';
import { OrganisationIdColumn, OrganisationRelation } from '../tenant';
import type { OrganisationEntity } from './organisation.entity';

/** A person who uses foerderwerk, in one organisation. */
@Entity({ name: 'app_user' })
@Unique('app_user_tenant_key', ['organisationId', 'id'])
@Unique('app_user_organisation_id_subject_key', ['organisationId', 'subject'])
@Check('app_user_roles_check', `"roles" <@ ARRAY[${ROLES.map((r) => `'${r}'`).join(', ')}]::text[]`)
export class AppUserEntity extends EditableRecord {
  @UuidPrimaryColumn('app_user')
  id!: string;

  @OrganisationIdColumn()
  organisationId!: string;

  @OrganisationRelation('app_user')
  organisation?: Relation<OrganisationEntity>;

  /** The identity provider's subject (`sub`), unique within the organisation. */
  @Column({ type: 'text' })
  subject!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles!: Role[];

  /** Deactivated users keep their history but cannot log in. */
  @Column({ type: 'boolean', default: true })
  active!: boolean;
}
