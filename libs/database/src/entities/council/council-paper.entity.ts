import { Check, Column, Entity, Index, Relation, Unique } from 'typeorm';
import { CentsColumn, DateColumn, EditableRecord, oneOf, UuidPrimaryColumn } from '../columns';
import { FundingApplicationEntity } from '../funding/funding-application.entity';
import { DepartmentEntity } from '../organisation/department.entity';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationIdColumn, OrganisationRelation, TenantRelation } from '../tenant';

/** Informationsvorlage or Beschlussvorlage. */
export const PAPER_TYPES = ['information', 'decision'] as const;
export type PaperType = (typeof PAPER_TYPES)[number];

export const PAPER_STATUSES = ['draft', 'released', 'archived'] as const;
export type PaperStatus = (typeof PAPER_STATUSES)[number];

/** Sachdarstellung, each entry one paragraph. A released Beschlussvorlage has a decisionProposal. */
export interface CouncilPaperSections {
  /** Inhaltsbeschreibung */
  description: string[];
  /** Ziele / Wirkungen */
  goals: string[];
  /** Ressourceneinsatz */
  resources: string[];
  /** Schlussfolgerung */
  conclusion: string[];
  /** Beschlussvorschlag */
  decisionProposal?: string[];
}

/** An Anlage (OParl auxiliaryFile). */
export interface CouncilPaperAttachment {
  title: string;
}

/**
 * A Vorlage (OParl Paper), e.g. Informationsvorlage 2021/844 "Präventionsketten Niedersachsen".
 * Header, cost box, relevance flags and Sachdarstellung as the generated paper shows them; the
 * Beratungsfolge is the ordered list of consultations.
 */
@Entity({ name: 'council_paper' })
@Unique('council_paper_tenant_key', ['organisationId', 'id'])
@Unique('council_paper_organisation_id_number_key', ['organisationId', 'number'])
@Index('council_paper_organisation_id_application_id_idx', ['organisationId', 'applicationId'])
@Index('council_paper_organisation_id_lead_department_id_idx', ['organisationId', 'leadDepartmentId'])
@Check('council_paper_number_check', `"number" ~ '^[0-9]{4}/[0-9]+$'`)
@Check('council_paper_paper_type_check', oneOf('paper_type', PAPER_TYPES))
@Check('council_paper_status_check', oneOf('status', PAPER_STATUSES))
@Check('council_paper_cost_cents_check', `"cost_cents" IS NULL OR "cost_cents" >= 0`)
@Check(
  'council_paper_sections_check',
  `jsonb_typeof("sections") = 'object' AND ("status" = 'draft' OR ("sections" ?& ARRAY['description', 'goals', 'resources', 'conclusion'] AND ("paper_type" <> 'decision' OR "sections" ? 'decisionProposal')))`,
)
@Check('council_paper_attachments_check', `jsonb_typeof("attachments") = 'array'`)
export class CouncilPaperEntity extends EditableRecord {
  @UuidPrimaryColumn('council_paper')
  id!: string;

  @OrganisationIdColumn()
  organisationId!: string;

  @OrganisationRelation('council_paper')
  organisation?: Relation<OrganisationEntity>;

  /** The application it was drafted from, if any. */
  @Column({ name: 'application_id', type: 'uuid', nullable: true })
  applicationId!: string | null;

  @TenantRelation(() => FundingApplicationEntity, 'application_id', 'council_paper_application_id_fkey')
  application?: Relation<FundingApplicationEntity> | null;

  /** Vorlagennummer, e.g. '2021/844' (OParl reference). */
  @Column({ type: 'text' })
  number!: string;

  @Column({ name: 'paper_type', type: 'text' })
  paperType!: PaperType;

  /** Status öffentlich (true) / nichtöffentlich (false). */
  @Column({ name: 'public', type: 'boolean', default: true })
  isPublic!: boolean;

  @DateColumn('paper_date')
  paperDate!: string;

  /** Federführend (OParl underDirectionOf). */
  @Column({ name: 'lead_department_id', type: 'uuid' })
  leadDepartmentId!: string;

  @TenantRelation(() => DepartmentEntity, 'lead_department_id', 'council_paper_lead_department_id_fkey')
  leadDepartment?: Relation<DepartmentEntity>;

  /** Beteiligt: department ids (an array cannot carry a foreign key; the service checks them). */
  @Column({ name: 'participating_department_ids', type: 'uuid', array: true, default: () => "'{}'" })
  participatingDepartmentIds!: string[];

  /** Im Budget enthalten; null when the paper has no costs. */
  @Column({ name: 'costs_in_budget', type: 'boolean', nullable: true })
  costsInBudget!: boolean | null;

  /** Kosten (Betrag in €). */
  @CentsColumn('cost_cents', { nullable: true })
  costCents!: number | null;

  /** Mitwirkung Landrat. */
  @Column({ name: 'county_executive_involved', type: 'boolean', default: false })
  countyExecutiveInvolved!: boolean;

  /** Qualifizierte Mehrheit. */
  @Column({ name: 'qualified_majority', type: 'boolean', default: false })
  qualifiedMajority!: boolean;

  // Relevanz
  @Column({ name: 'relevance_gender_mainstreaming', type: 'boolean', default: false })
  relevanceGenderMainstreaming!: boolean;

  @Column({ name: 'relevance_migration', type: 'boolean', default: false })
  relevanceMigration!: boolean;

  /** Prävention/Nachhaltigkeit */
  @Column({ name: 'relevance_prevention_sustainability', type: 'boolean', default: false })
  relevancePreventionSustainability!: boolean;

  /** Bildung */
  @Column({ name: 'relevance_education', type: 'boolean', default: false })
  relevanceEducation!: boolean;

  /** Klima-/Umwelt-/Naturschutz */
  @Column({ name: 'relevance_climate', type: 'boolean', default: false })
  relevanceClimate!: boolean;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  sections!: Partial<CouncilPaperSections>;

  /** Earlier papers this one refers to, by number, e.g. ['2020/608'] (OParl relatedPaper). */
  @Column({ name: 'related_paper_numbers', type: 'text', array: true, default: () => "'{}'" })
  relatedPaperNumbers!: string[];

  /** Anlagen. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  attachments!: CouncilPaperAttachment[];

  @Column({ type: 'text', default: 'draft' })
  status!: PaperStatus;
}
