import { Check, Column, Entity, Relation, Unique } from 'typeorm';
import { CreatedRecord, UuidPrimaryColumn } from '../columns';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationIdColumn, OrganisationRelation, TenantRelation } from '../tenant';
import { FundingApplicationEntity } from './funding-application.entity';

/**
 * A numbered version of an application's plans: 1 is the original application, later ones are
 * amendments (Änderungsanträge). Holds the cost and financing plan lines.
 */
@Entity({ name: 'application_revision' })
@Unique('application_revision_tenant_key', ['organisationId', 'id'])
@Unique('application_revision_application_id_revision_no_key', ['organisationId', 'applicationId', 'revisionNo'])
@Check('application_revision_revision_no_check', `"revision_no" >= 1`)
export class ApplicationRevisionEntity extends CreatedRecord {
  @UuidPrimaryColumn('application_revision')
  id!: string;

  @OrganisationIdColumn()
  organisationId!: string;

  @OrganisationRelation('application_revision')
  organisation?: Relation<OrganisationEntity>;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @TenantRelation(() => FundingApplicationEntity, 'application_id', 'application_revision_application_id_fkey', { onDelete: 'CASCADE' })
  application?: Relation<FundingApplicationEntity>;

  @Column({ name: 'revision_no', type: 'int' })
  revisionNo!: number;

  /** Why this revision exists, e.g. "Änderungsantrag: zweite Stelle ab 2026". */
  @Column({ type: 'text', default: '' })
  reason!: string;

  /** Actor reference as in the audit log: `user:<uuid>`, `workflow:<id>`, `system:<component>`. */
  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;
}
