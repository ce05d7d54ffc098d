import type { Cents } from '@app/money';
import type { IsoDate } from '../format';

/**
 * Everything a council paper (Vorlage) shows, as plain data. The builder takes this, not an
 * ORM entity: whoever holds the paper maps it to this shape.
 * Field names follow OParl 1.1 `Paper` where it has one (reference, paperType, date,
 * underDirectionOf, relatedPaper, auxiliaryFile, consultation).
 */

export type CouncilPaperType = 'Informationsvorlage' | 'Beschlussvorlage';

/** OParl Consultation.role. */
export type ConsultationRole = 'Kenntnisnahme' | 'Vorberatung' | 'Entscheidung';

/** One row of the Beratungsfolge, in the order of consultation. */
export interface CouncilPaperConsultation {
  /** Committee, e.g. "Ausschuss für Gleichstellung, Arbeit und Soziales". */
  committee: string;
  sessionDate: IsoDate;
  role: ConsultationRole;
  /** Ö (true) or N (false). */
  isPublic: boolean;
}

export interface CouncilPaperCosts {
  /** Im Budget enthalten. */
  includedInBudget: boolean;
  /** Kosten (Betrag in €), integer cents; null when the paper has no costs. */
  amountCents: Cents | null;
  /** Mitwirkung Landrat. */
  districtAdministratorInvolved: boolean;
  /** Qualifizierte Mehrheit. */
  qualifiedMajorityRequired: boolean;
}

/** Relevanz: which cross-cutting concerns the paper touches. */
export interface CouncilPaperRelevance {
  genderMainstreaming: boolean;
  migration: boolean;
  /** Prävention/Nachhaltigkeit. */
  preventionSustainability: boolean;
  /** Bildung. */
  education: boolean;
  /** Klima-/Umwelt-/Naturschutz. */
  climateEnvironmentNature: boolean;
}

/** Sachdarstellung: each entry is one paragraph of text. */
export interface CouncilPaperSections {
  /** Inhaltsbeschreibung. */
  description: readonly string[];
  /** Ziele / Wirkungen. */
  goalsAndEffects: readonly string[];
  /** Ressourceneinsatz. */
  resources: readonly string[];
  /** Schlussfolgerung. */
  conclusion: readonly string[];
  /** Beschlussvorschlag: required for a Beschlussvorlage, absent for an Informationsvorlage. */
  resolutionProposal?: readonly string[];
}

/** An earlier paper this one refers to (OParl relatedPaper). */
export interface CouncilPaperReference {
  /** Vorlagennummer, e.g. "2020/608". */
  reference: string;
  name?: string;
}

/** An Anlage (OParl auxiliaryFile). */
export interface CouncilPaperAttachment {
  name: string;
}

export interface CouncilPaperDocument {
  /** The body that issues the paper, e.g. "Landkreis Peine". */
  organisationName: string;
  paperType: CouncilPaperType;
  /** Vorlagennummer, e.g. "2021/844". */
  reference: string;
  /** Status öffentlich (true) / nichtöffentlich (false). */
  isPublic: boolean;
  date: IsoDate;
  /** Federführend, e.g. "Fachdienst Jugendamt". */
  leadDepartment: string;
  /** Beteiligt. */
  participatingDepartments: readonly string[];
  consultations: readonly CouncilPaperConsultation[];
  costs: CouncilPaperCosts;
  relevance: CouncilPaperRelevance;
  title: string;
  sections: CouncilPaperSections;
  relatedPapers: readonly CouncilPaperReference[];
  attachments: readonly CouncilPaperAttachment[];
}
