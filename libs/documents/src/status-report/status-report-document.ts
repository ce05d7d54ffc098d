import type { InterimReportWaiver } from '@app/calendar';
import type { Cents } from '@app/money';
import type { IsoDate } from '../format';
import type { FundingProgramme, GrantReference, Milestone, Period, Recipient } from '../funding/funding-document';

/** Everything the programme status report (Sachstandsbericht) for a committee shows, as plain data. */
export interface StatusReportDocument {
  /** The reporting body, e.g. Landkreis Peine, Fachdienst Jugendamt. */
  organisation: Recipient;
  /** e.g. "Jugendhilfeausschuss". */
  committee: string;
  sessionDate: IsoDate;
  /** Stand: the day the figures and the milestones' states refer to. */
  asOf: IsoDate;
  /** Berichtszeitraum. */
  reportPeriod: Period;
  programme: FundingProgramme;
  projectTitle: string;
  grant: GrantReference;
  /** Zusammenfassung: one entry a paragraph. */
  summary: readonly string[];
  milestones: readonly Milestone[];
  /** Deadlines besides the Zwischen- and Verwendungsnachweise (which follow from the grant), nominal dates. */
  deadlines: readonly { label: string; nominal: IsoDate }[];
  /** Whether the notice waives Zwischennachweise. Default: none waived. */
  interimReportWaiver?: InterimReportWaiver;
  /** Money up to `asOf`. */
  money: {
    /** Zuwendung requested (abgerufen). */
    called: Cents;
    /** Zuwendung paid out by the funder (eingegangen). */
    received: Cents;
    /** Expenses of the project (verausgabt). */
    spent: Cents;
    /** Part of the expenses paid from own funds (Eigenanteil). */
    ownShare: Cents;
    /** Part of the expenses paid by third parties. */
    thirdParty: Cents;
  };
}
