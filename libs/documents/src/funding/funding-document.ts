import type { DisbursementWindow } from '@app/calendar';
import type { Cents } from '@app/money';
import type { IsoDate } from '../format';

/**
 * Plain data shared by the state-funding documents (Förderantrag, Mittelabruf,
 * Zwischennachweis, Verwendungsnachweis) and the programme status report. Builders take these
 * shapes, never ORM entities: whoever holds the records maps them here. Money is integer cents,
 * dates are ISO calendar dates.
 */

/** A Land whose public holidays move a deadline's effective end (keys of LAND_HOLIDAY_RULES). */
export type FederalState = 'NI' | 'HE' | 'NW';

/** Both days inclusive. */
export interface Period {
  start: IsoDate;
  end: IsoDate;
}

export interface ContactPerson {
  name: string;
  phone?: string;
  email?: string;
}

/** The municipal body that applies for and receives the money (Antragsteller, Zuwendungsempfänger). */
export interface Recipient {
  /** e.g. "Landkreis Peine". */
  organisation: string;
  /** The lead department (federführend), e.g. "Fachdienst Jugendamt". */
  department: string;
  addressLines?: readonly string[];
  contact?: ContactPerson;
  /** Its Land: public holidays there move deadlines (§ 31 Abs. 3 VwVfG). */
  state: FederalState;
}

/** Zuwendungsgeber: a ministry, a Landesjugendamt, a foundation, a Landesvereinigung. */
export interface Funder {
  name: string;
  addressLines?: readonly string[];
}

/**
 * The legal basis of the money: a public-law Zuwendung on a Förderrichtlinie under § 44 LHO,
 * granted by a Zuwendungsbescheid, or a private-law Fördervertrag (foundations, GKV-Bündnis).
 */
export type LegalBasis =
  | {
      instrument: 'Zuwendungsbescheid';
      /** e.g. "§ 44 LHO". */
      budgetRule: string;
      /** The Förderrichtlinie, e.g. "Richtlinie über die Gewährung von Zuwendungen zur Förderung …". */
      guideline: string;
    }
  | {
      instrument: 'Fördervertrag';
      /** What the contract is, e.g. "Fördervereinbarung über die Teilnahme am Programm …". */
      contract: string;
    };

export type GrantInstrument = LegalBasis['instrument'];

export interface FundingProgramme {
  /** e.g. "Präventionsketten Niedersachsen: Gesund aufwachsen für alle Kinder!". */
  name: string;
  funder: Funder;
  legalBasis: LegalBasis;
  /** Allgemeine Nebenbestimmungen that apply, e.g. "ANBest-P". */
  generalConditions?: string;
  /** How soon called money must be needed (ANBest-P Nr. 1.4: two months). */
  disbursementWindow: DisbursementWindow;
  /** Where the window is laid down, e.g. "Nr. 1.4 ANBest-P". */
  disbursementRule?: string;
}

/** The grant as decided: the Zuwendungsbescheid or the Fördervertrag. */
export interface GrantReference {
  /** Aktenzeichen of the notice or the contract. */
  fileNumber: string;
  /** Date of the notice or of the contract. */
  date: IsoDate;
  approvedAmount: Cents;
  /** Bewilligungszeitraum. */
  period: Period;
}

export type CostCategory = 'personnel' | 'material' | 'other';

/** One line (Einzelansatz) of the Kostenplan, with its planned amount per fiscal year. */
export interface CostPlanLine {
  /** Position number, e.g. "1.1"; the key by which actual costs and receipts refer to it. */
  position: string;
  category: CostCategory;
  /** e.g. "Netzwerkkoordinator/in (1,0 VZÄ, TVöD S 12)". */
  label: string;
  /** One amount per entry of CostPlan.fiscalYears, in that order. */
  amounts: readonly Cents[];
}

export interface CostPlan {
  /** The Haushaltsjahre (calendar years) the project period touches, ascending. */
  fiscalYears: readonly number[];
  lines: readonly CostPlanLine[];
}

/** Finanzierungsart (rate in basis points: 5000 = 50 %). */
export type Financing =
  | { type: 'Anteilfinanzierung'; rateBasisPoints: number; cap: Cents }
  | { type: 'Fehlbedarfsfinanzierung'; cap: Cents }
  | { type: 'Festbetragsfinanzierung'; amount: Cents }
  | { type: 'Vollfinanzierung'; cap: Cents };

/** Finanzierungsplan: who pays the total cost. */
export interface FinancingPlan {
  /** Eigenanteil of the recipient. */
  ownFunds: Cents;
  /** Zuwendung (beantragt or bewilligt). */
  grant: Cents;
  /** Leistungen Dritter. */
  thirdParties: readonly { name: string; amount: Cents }[];
}

/** Who signs, where and when ("Peine, 15.04.2021"). */
export interface Signatory {
  place: string;
  date: IsoDate;
  name: string;
  /** e.g. "Fachdienstleitung Jugendamt". */
  role: string;
}

/** What every document about a granted project names: recipient, programme, project, grant, signatory. */
export interface GrantContext {
  recipient: Recipient;
  programme: FundingProgramme;
  projectTitle: string;
  /** The notice or contract the money was granted by. */
  grant: GrantReference;
  /** Who signs; the document is dated by the signature. */
  signatory: Signatory;
}

/** A section of a Sachbericht: a heading and its paragraphs. */
export interface TextSection {
  heading: string;
  paragraphs: readonly string[];
}

/** A Meilenstein of the programme: due on a date, done (with evidence) or not. */
export interface Milestone {
  /** e.g. "Steuerungsgruppe eingerichtet". */
  title: string;
  due: IsoDate;
  /** The day it was reached; absent while open. */
  doneOn?: IsoDate;
  /** Nachweis, e.g. "Protokoll der konstituierenden Sitzung vom 14.09.2021". Required once done. */
  evidence?: string;
}
