import type { Cents } from '@app/money';
import type { CostPlan, GrantContext, TextSection } from '../funding-document';

/** Everything a Zwischennachweis for one fiscal year shows, as plain data. Dated by its signatory. */
export interface InterimReportDocument extends GrantContext {
  /** The Haushaltsjahr (calendar year) reported on. */
  fiscalYear: number;
  /** The Kostenplan as approved: its amounts for the year are the Soll. */
  costPlan: CostPlan;
  /** Ist: what was spent in the year, per plan position. Positions without spending may be left out. */
  actuals: readonly { position: string; amount: Cents }[];
  /** The money of the year. */
  funds: {
    /** Zuwendung paid out by the funder in the year. */
    grantReceived: Cents;
    /** Zuwendung spent on the year's expenses. */
    grantUsed: Cents;
    /** Eigenmittel spent on the year's expenses. */
    ownFunds: Cents;
    /** Leistungen Dritter spent on the year's expenses. */
    thirdPartyFunds: Cents;
  };
  /** Sachbericht. */
  sections: readonly TextSection[];
}
