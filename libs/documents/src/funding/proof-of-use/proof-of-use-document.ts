import type { Cents } from '@app/money';
import type { IsoDate } from '../../format';
import type { CostPlan, Financing, FinancingPlan, GrantContext, Milestone, TextSection } from '../funding-document';

/**
 * The Verwendungsnachweis comes as two documents: the Sachbericht (narrative) and the
 * zahlenmäßiger Nachweis (figures with the Belegliste).
 */

/** What both parts say about the grant. */
export interface ProofOfUseGrant extends GrantContext {
  /** When the purpose was fulfilled before the period ended: the deadline may come earlier. */
  purposeFulfilledOn?: IsoDate;
}

/** Sachbericht: what was done, what was reached. */
export interface ProofOfUseNarrativeDocument extends ProofOfUseGrant {
  sections: readonly TextSection[];
  /** The programme's Meilensteine, reached or not. */
  milestones: readonly Milestone[];
}

/** One entry of the Belegliste. */
export interface Receipt {
  /** Lfd. Nr., unique. */
  number: number;
  /** Payment date. */
  date: IsoDate;
  /** Zahlungsempfänger. */
  payee: string;
  /** Grund der Zahlung. */
  reason: string;
  /** The Kostenplan position the payment is booked on. */
  position: string;
  amount: Cents;
}

/** Zahlenmäßiger Nachweis: plan against actual, income, the result, and the Belegliste. */
export interface ProofOfUseFiguresDocument extends ProofOfUseGrant {
  financing: Financing;
  /** The Kostenplan as approved (binding plan, Nr. 1.2 ANBest-P). */
  costPlan: CostPlan;
  /** The Finanzierungsplan as approved. */
  financingPlan: FinancingPlan;
  /** Income as it came in (Einnahmen lt. Abrechnung). */
  income: {
    ownFunds: Cents;
    /** Zuwendung received (paid out by the funder). */
    grantReceived: Cents;
    thirdParties: readonly { name: string; amount: Cents }[];
  };
  receipts: readonly Receipt[];
}
