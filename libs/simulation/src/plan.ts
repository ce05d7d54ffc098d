import {
  addDays,
  addMonths,
  compareDates,
  interimReportDueDates,
  LAND_HOLIDAY_RULES,
  monthEnd,
  proofOfUseDueDate,
  type IsoDate,
  type IsoMonth,
} from '@app/calendar';
import type { Cents } from '@app/money';
import { resolveDate, type Scenario } from './scenario';
import type { PreparedApplication } from './setup';

/*
 * What the people do, and when: the dated steps of every application, derived from the scenario
 * and the programme's rules (pure; the runner executes them on the time-skipping server).
 */

export type Step =
  | { kind: 'create' }
  | { kind: 'signOff' }
  | { kind: 'consultation'; position: number }
  | { kind: 'submit' }
  | { kind: 'notice' }
  | { kind: 'disbursement'; requestedOn: IsoDate; amountCents: Cents; months: IsoMonth[] }
  | { kind: 'milestoneDone'; milestoneId: string; title: string }
  | { kind: 'interimReport'; year: number }
  | { kind: 'proofOfUse' }
  | { kind: 'check' }
  | { kind: 'close' };

export interface PlannedStep {
  on: IsoDate;
  /** order among the steps of one application on the same day */
  seq: number;
  application: PreparedApplication;
  step: Step;
}

/**
 * Mittelabruf: every `everyMonths` from the period start a request; its payout (request +
 * payoutDays) covers the months not yet called whose pay day (last day) ≤ addMonths(payout,
 * window) — the two-month rule (PERSONNEL-COSTS.md § 7); the amount is the funder's share the
 * cost engine books for those months. Requests continue until every month is called.
 */
export function disbursementPlan(app: PreparedApplication, windowMonths: number): Array<{ requestedOn: IsoDate; receivedOn: IsoDate; months: IsoMonth[]; amountCents: Cents }> {
  const share = new Map<IsoMonth, Cents>();
  for (const p of app.positions) for (const m of p.schedule.months) share.set(m.month, (share.get(m.month) ?? 0) + m.reimbursement);
  const open = [...share.keys()].sort();
  const calls = [];
  for (let k = 0; open.length > 0 && k < 240; k++) {
    let requestedOn = addMonths(app.periodStart, k * app.spec.disbursements.everyMonths);
    let receivedOn = addDays(requestedOn, app.spec.disbursements.payoutDaysAfterRequest);
    // No payout after the period (the notice accepts none then): the last call is paid out on its last day.
    if (compareDates(receivedOn, app.periodEnd) > 0) {
      receivedOn = app.periodEnd;
      requestedOn = addDays(receivedOn, -app.spec.disbursements.payoutDaysAfterRequest);
    }
    const limit = addMonths(receivedOn, windowMonths);
    const months: IsoMonth[] = [];
    while (open.length && compareDates(monthEnd(open[0]), limit) <= 0) months.push(open.shift() as IsoMonth);
    const amountCents = months.reduce((s, m) => s + (share.get(m) ?? 0), 0);
    if (amountCents > 0) calls.push({ requestedOn, receivedOn, months, amountCents });
    if (receivedOn === app.periodEnd) break;
  }
  return calls;
}

export function reportingDeadlines(s: Scenario, app: PreparedApplication) {
  const holidays = LAND_HOLIDAY_RULES[s.organisation.landCode];
  const interim = interimReportDueDates(app.periodStart, app.periodEnd, { waiver: s.programme.interimReportWaiver, monthsAfterYearEnd: 4, holidays });
  const proof = proofOfUseDueDate(app.periodEnd, { monthsAfterPeriod: s.programme.proofOfUseMonths, holidays });
  return { interim, proof };
}

export function planSteps(s: Scenario, anchor: IsoDate, apps: readonly PreparedApplication[]): PlannedStep[] {
  const steps: PlannedStep[] = [];
  for (const app of apps) {
    const a = app.spec;
    const base = { anchor, periodStart: app.periodStart, periodEnd: app.periodEnd };
    let seq = 0;
    const add = (on: IsoDate, step: Step) => steps.push({ on, seq: seq++, application: app, step });
    add(resolveDate(a.created, base), { kind: 'create' });
    add(resolveDate(a.signedOff, base), { kind: 'signOff' });
    for (const c of app.councilPaper?.consultations ?? []) add(c.sessionDate, { kind: 'consultation', position: c.position });
    add(resolveDate(a.submitted, base), { kind: 'submit' });
    add(resolveDate(a.notice.issued, base), { kind: 'notice' });
    for (const d of disbursementPlan(app, s.programme.disbursementWindowMonths)) {
      add(d.receivedOn, { kind: 'disbursement', requestedOn: d.requestedOn, amountCents: d.amountCents, months: d.months });
    }
    for (const m of app.milestones) {
      if (m.doneDaysAfterDue !== null) add(addDays(m.dueOn, m.doneDaysAfterDue), { kind: 'milestoneDone', milestoneId: m.id, title: m.title });
    }
    const { interim, proof } = reportingDeadlines(s, app);
    interim.forEach((r, k) => {
      const offsets = a.interimReportDaysAfterDue;
      add(addDays(r.due.nominal, offsets[Math.min(k, offsets.length - 1)]), { kind: 'interimReport', year: r.fiscalYear });
    });
    const proofOn = addDays(proof.nominal, a.proofOfUseDaysAfterDue);
    add(proofOn, { kind: 'proofOfUse' });
    const checkOn = addDays(proofOn, a.check.daysAfterProof);
    add(checkOn, { kind: 'check' });
    add(addDays(checkOn, a.closeDaysAfterCheck), { kind: 'close' });
  }
  return steps.sort((x, y) => compareDates(x.on, y.on) || (x.application === y.application ? x.seq - y.seq : 0));
}
