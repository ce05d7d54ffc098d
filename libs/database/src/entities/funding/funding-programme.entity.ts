import { Check, Column, Entity, Index, Relation, Unique } from 'typeorm';
import { CentsColumn, EditableRecord, nullOrOneOf, oneOf, UuidPrimaryColumn } from '../columns';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationIdColumn, OrganisationRelation, TenantRelation } from '../tenant';
import { FunderEntity } from './funder.entity';

/** Land grant under § 44 LHO (Zuwendungsbescheid) or a private-law Fördervertrag (foundation, GKV). */
export const LEGAL_BASES = ['land_grant', 'private_contract'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

/** ANBest-P (Projektförderung), ANBest-G (Gemeinden), ANBest-K (kommunale Zuwendungsempfänger). */
export const ANBEST_VARIANTS = ['P', 'G', 'K'] as const;
export type AnbestVariant = (typeof ANBEST_VARIANTS)[number];

/** Anteil-, Fehlbedarfs-, Festbetrags- or (by exception) Vollfinanzierung. */
export const FINANCING_TYPES = ['share', 'deficit', 'fixed', 'full'] as const;
export type FinancingType = (typeof FINANCING_TYPES)[number];

/** Which Zwischennachweise a programme waives (see interimReportDueDates in @app/calendar). */
export const INTERIM_REPORT_WAIVERS = ['none', 'last_when_period_ends_before_due', 'all'] as const;
export type InterimReportWaiver = (typeof INTERIM_REPORT_WAIVERS)[number];

export const DISBURSEMENT_WINDOW_UNITS = ['months', 'weeks'] as const;
export type DisbursementWindowUnit = (typeof DISBURSEMENT_WINDOW_UNITS)[number];

/** Degressive funding: the funder's share in the n-th project year, in basis points. */
export interface DegressiveShare {
  year: number;
  rateBp: number;
}

/**
 * A Förderprogramm and its rules. Every deadline and rate is data of the programme, not a
 * constant in code; a Bescheid may still deviate (see funding_notice).
 */
@Entity({ name: 'funding_programme' })
@Unique('funding_programme_tenant_key', ['organisationId', 'id'])
@Unique('funding_programme_organisation_id_name_key', ['organisationId', 'name'])
@Index('funding_programme_organisation_id_funder_id_idx', ['organisationId', 'funderId'])
@Check('funding_programme_legal_basis_check', oneOf('legal_basis', LEGAL_BASES))
@Check('funding_programme_anbest_variant_check', nullOrOneOf('anbest_variant', ANBEST_VARIANTS))
@Check('funding_programme_financing_type_check', oneOf('financing_type', FINANCING_TYPES))
@Check('funding_programme_rate_bp_check', `"rate_bp" IS NULL OR "rate_bp" BETWEEN 0 AND 10000`)
@Check('funding_programme_cap_cents_check', `"cap_cents" IS NULL OR "cap_cents" >= 0`)
@Check('funding_programme_degressive_shares_check', `jsonb_typeof("degressive_shares") = 'array'`)
@Check('funding_programme_interim_report_due_check', `"interim_report_due" ~ '^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'`)
@Check('funding_programme_interim_report_waiver_check', oneOf('interim_report_waiver', INTERIM_REPORT_WAIVERS))
@Check('funding_programme_proof_of_use_months_check', `"proof_of_use_months" BETWEEN 0 AND 60`)
@Check('funding_programme_disbursement_window_unit_check', oneOf('disbursement_window_unit', DISBURSEMENT_WINDOW_UNITS))
@Check('funding_programme_disbursement_window_length_check', `"disbursement_window_length" > 0`)
@Check(
  'funding_programme_period_months_check',
  `("min_period_months" IS NULL OR "min_period_months" > 0) AND ("max_period_months" IS NULL OR "max_period_months" >= COALESCE("min_period_months", 1))`,
)
export class FundingProgrammeEntity extends EditableRecord {
  @UuidPrimaryColumn('funding_programme')
  id!: string;

  @OrganisationIdColumn()
  organisationId!: string;

  @OrganisationRelation('funding_programme')
  organisation?: Relation<OrganisationEntity>;

  @Column({ name: 'funder_id', type: 'uuid' })
  funderId!: string;

  @TenantRelation(() => FunderEntity, 'funder_id', 'funding_programme_funder_id_fkey')
  funder?: Relation<FunderEntity>;

  /** e.g. "Präventionsketten Niedersachsen: Gesund aufwachsen für alle Kinder!" */
  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'legal_basis', type: 'text' })
  legalBasis!: LegalBasis;

  /** Only for land grants; null for private-law contracts. */
  @Column({ name: 'anbest_variant', type: 'text', nullable: true })
  anbestVariant!: AnbestVariant | null;

  @Column({ name: 'financing_type', type: 'text' })
  financingType!: FinancingType;

  /** The funder's share in basis points (1 bp = 0.01 %), for share financing. */
  @Column({ name: 'rate_bp', type: 'int', nullable: true })
  rateBp!: number | null;

  /** Höchstbetrag. */
  @CentsColumn('cap_cents', { nullable: true })
  capCents!: number | null;

  /** e.g. [{ year: 1, rateBp: 10000 }, { year: 2, rateBp: 7500 }, …]; empty when not degressive. */
  @Column({ name: 'degressive_shares', type: 'jsonb', default: () => "'[]'" })
  degressiveShares!: DegressiveShare[];

  /** Weiterleitung an freie Träger allowed. */
  @Column({ name: 'pass_on_allowed', type: 'boolean', default: false })
  passOnAllowed!: boolean;

  /** Zwischennachweis for a fiscal year due on this day ('MM-DD') of the following year. */
  @Column({ name: 'interim_report_due', type: 'text', default: '04-30' })
  interimReportDue!: string;

  @Column({ name: 'interim_report_waiver', type: 'text', default: 'none' })
  interimReportWaiver!: InterimReportWaiver;

  /** Verwendungsnachweis due at the end of the n-th month after the Bewilligungszeitraum. */
  @Column({ name: 'proof_of_use_months', type: 'int', default: 6 })
  proofOfUseMonths!: number;

  /** Mittelabruf only for payments due within this window after payout (ANBest-P 1.4: two months). */
  @Column({ name: 'disbursement_window_unit', type: 'text', default: 'months' })
  disbursementWindowUnit!: DisbursementWindowUnit;

  @Column({ name: 'disbursement_window_length', type: 'int', default: 2 })
  disbursementWindowLength!: number;

  /** Allowed length of the project period, in months (e.g. 36 to 48); null: no rule. */
  @Column({ name: 'min_period_months', type: 'int', nullable: true })
  minPeriodMonths!: number | null;

  @Column({ name: 'max_period_months', type: 'int', nullable: true })
  maxPeriodMonths!: number | null;
}
