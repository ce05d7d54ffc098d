import { Check, Column, Entity, Relation, Unique } from 'typeorm';
import { CentsColumn, EditableRecord, oneOf, UuidPrimaryColumn } from '../columns';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationIdColumn, OrganisationRelation, TenantRelation } from '../tenant';
import { ApplicationRevisionEntity } from './application-revision.entity';

/** Eigenanteil, Zuwendung of the funder, Drittmittel. */
export const FINANCING_SOURCES = ['own', 'funder', 'third_party'] as const;
export type FinancingSource = (typeof FINANCING_SOURCES)[number];

/** A line of the Finanzierungsplan of one revision. */
@Entity({ name: 'financing_plan_line' })
@Unique('financing_plan_line_revision_id_line_no_key', ['organisationId', 'revisionId', 'lineNo'])
@Check('financing_plan_line_source_check', oneOf('source', FINANCING_SOURCES))
@Check('financing_plan_line_amount_cents_check', `"amount_cents" >= 0`)
@Check('financing_plan_line_line_no_check', `"line_no" >= 1`)
export class FinancingPlanLineEntity extends EditableRecord {
  @UuidPrimaryColumn('financing_plan_line')
  id!: string;

  @OrganisationIdColumn()
  organisationId!: string;

  @OrganisationRelation('financing_plan_line')
  organisation?: Relation<OrganisationEntity>;

  @Column({ name: 'revision_id', type: 'uuid' })
  revisionId!: string;

  @TenantRelation(() => ApplicationRevisionEntity, 'revision_id', 'financing_plan_line_revision_id_fkey', { onDelete: 'CASCADE' })
  revision?: Relation<ApplicationRevisionEntity>;

  @Column({ name: 'line_no', type: 'int' })
  lineNo!: number;

  @Column({ type: 'text' })
  source!: FinancingSource;

  /** e.g. "Eigenmittel Landkreis", "Zuwendung Land Niedersachsen" */
  @Column({ type: 'text' })
  label!: string;

  @CentsColumn('amount_cents')
  amountCents!: number;
}
