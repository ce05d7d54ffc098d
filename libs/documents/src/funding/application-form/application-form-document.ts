import type {
  CostPlan,
  Financing,
  FinancingPlan,
  FundingProgramme,
  Period,
  Recipient,
  Signatory,
} from '../funding-document';

/** Everything a Förderantrag shows, as plain data. */
export interface ApplicationFormDocument {
  applicant: Recipient;
  programme: FundingProgramme;
  /** The applicant's own Aktenzeichen, when it has one. */
  fileNumber?: string;
  project: {
    title: string;
    /** Beschreibung des Vorhabens: one entry a paragraph. */
    description: readonly string[];
    /** Durchführungszeitraum (the Bewilligungszeitraum applied for). */
    period: Period;
    /** Haushaltsstelle where costs and reimbursements are booked, e.g. "Produkt 3636 – übrige Hilfen". */
    budgetProduct?: string;
  };
  costPlan: CostPlan;
  /** Finanzierungsplan; its grant is the Zuwendung applied for. */
  financingPlan: FinancingPlan;
  financing: Financing;
  declarations: ApplicationDeclarations;
  signatory: Signatory;
}

export interface ApplicationDeclarations {
  /** Mit dem Vorhaben wurde noch nicht begonnen (no Zuwendung for a project already begun). */
  projectNotStarted: boolean;
  /** Besserstellungsverbot: no staff is paid better than comparable public employees (TVöD). */
  noBetterPay: boolean;
  /** Vorsteuerabzugsberechtigt: if so, the plan holds net amounts. A statement, not a promise. */
  inputTaxDeductible: boolean;
}
