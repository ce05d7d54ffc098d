import type { Cents } from '@app/money';
import type { IsoDate } from '../../format';
import type { GrantContext } from '../funding-document';

/** Everything a Mittelabruf (Auszahlungsantrag) shows, as plain data. The request is dated by its signatory. */
export interface DisbursementRequestDocument extends GrantContext {
  /** Lfd. Nr. of this Mittelabruf. */
  number: number;
  /** The Mittelabrufe before this one. */
  previousRequests: readonly PreviousDisbursementRequest[];
  /** The amount requested now. */
  amount: Cents;
  /** Gewünschter Auszahlungstermin. */
  payoutDate: IsoDate;
  /** The payments the money is needed for; their funder shares add up to `amount`. */
  payments: readonly DisbursementPayment[];
  bankAccount?: BankAccount;
}

export interface PreviousDisbursementRequest {
  number: number;
  /** Date of the request. */
  date: IsoDate;
  amount: Cents;
  /** When the funder paid it out; absent while outstanding. */
  paidOn?: IsoDate;
}

/** A payment falling due (personnel costs of a month, an invoice). */
export interface DisbursementPayment {
  /** e.g. "Personalausgaben 05/2022 (Entgelt, Arbeitgeberanteile)". */
  description: string;
  /** When the payment falls due: a month's personnel costs on its last day (§ 24 Abs. 1 TVöD). */
  dueDate: IsoDate;
  /** The whole payment. */
  cost: Cents;
  /** Its part paid from the Zuwendung (pro rata with own funds). */
  share: Cents;
}

export interface BankAccount {
  holder: string;
  /** With or without spaces; shown in groups of four. */
  iban: string;
  bic?: string;
  bank?: string;
}
