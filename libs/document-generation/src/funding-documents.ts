import { interimReportDueDates, monthEnd, monthsOverlapping, daysInclusive, maxDate, minDate, type InterimReportWaiver } from '@app/calendar';
import { DomainError } from '@app/common';
import {
  buildApplicationFormPdf,
  buildDisbursementRequestPdf,
  buildInterimReportPdf,
  buildProofOfUseFiguresPdf,
  buildProofOfUseNarrativePdf,
  buildStatusReportPdf,
  formatDate,
  milestoneStatus,
  totalsByPosition,
  type CostPlan,
  type DisbursementPayment,
  type ProofOfUseFiguresDocument,
  type TextSection,
} from '@app/documents';
import { formatEuro, mulDivRoundHalfUp, type Cents } from '@app/money';
import type { EntityManager } from 'typeorm';
import {
  build,
  costPlanOf,
  fileStem,
  financeExpenses,
  financingOf,
  financingPlanOf,
  grantContextOf,
  grantedNotice,
  milestoneOf,
  notYet,
  paragraphs,
  positionOfReceipt,
  programmeOf,
  projectSection,
  recipientOf,
  signatoryOf,
  sumOf,
  type AssembledDocument,
  type AssemblyContext,
  type PlanPosition,
} from './common';
import { buildProofOfUseWorkbook } from './proof-of-use-workbook';
import { PDF, XLSX, type StatusReportRequest } from './requests';
import {
  isUuid,
  loadApplicationContext,
  loadDisbursementRequest,
  loadDisbursementRequests,
  loadMilestones,
  loadPayments,
  loadProgramme,
  loadReceipts,
  type ApplicationContext,
  type MilestoneRow,
} from './sources';

const APPLICATION = 'funding_application';

// ---- Förderantrag ------------------------------------------------------------------------------

export async function assembleApplicationForm(em: EntityManager, a: AssemblyContext, applicationId: string): Promise<AssembledDocument> {
  const doc = 'Förderantrag';
  const ctx = await loadApplicationContext(em, a.actor.organisationId, applicationId);
  const { application } = ctx;
  const period = { start: application.periodStart, end: application.periodEnd };
  if (application.periodStart <= a.today) {
    throw notYet(doc, `the project period began on ${formatDate(application.periodStart)}: a Zuwendung is not granted for a project already begun`, 'periodStart');
  }
  const description = paragraphs(application.description);
  if (description.length === 0) throw notYet(doc, `application "${application.title}" has no description of the project`, 'description');
  const { plan } = costPlanOf(ctx.costLines, period, doc);
  const financingPlan = financingPlanOf(ctx);
  const pdf = await build(doc, () =>
    buildApplicationFormPdf({
      applicant: recipientOf(ctx.organisation, application.departmentName, doc),
      programme: programmeOf(ctx.programme),
      project: { title: application.title, description, period, ...(ctx.budgetProducts.length ? { budgetProduct: ctx.budgetProducts.join('; ') } : {}) },
      costPlan: plan,
      financingPlan,
      financing: financingOf(ctx.programme, null, financingPlan.grant),
      declarations: { projectNotStarted: true, noBetterPay: true, inputTaxDeductible: false },
      signatory: signatoryOf(ctx.organisation.name, application.departmentName, a.today, a.signer),
    }),
  );
  return pdfOf(APPLICATION, application.id, application.currentRevision, pdf, (v) => `Förderantrag-${fileStem(application.title)}-v${v}.pdf`);
}

// ---- Mittelabruf -------------------------------------------------------------------------------

export async function assembleDisbursementRequest(em: EntityManager, a: AssemblyContext, disbursementRequestId: string): Promise<AssembledDocument> {
  const doc = 'Mittelabruf';
  const org = a.actor.organisationId;
  const request = await loadDisbursementRequest(em, org, disbursementRequestId);
  if (request.status === 'cancelled') throw notYet(doc, `disbursement request ${request.sequenceNo} is cancelled`, 'status');
  const ctx = await loadApplicationContext(em, org, request.applicationId);
  const context = grantContextOf(ctx, doc, request.requestedOn, a.signer);
  const { plan } = costPlanOf(ctx.costLines, context.grant.period, doc);
  const others = await loadDisbursementRequests(em, org, request.applicationId);
  const payments = await loadPayments(em, org, request.applicationId);
  const previousRequests = others
    .filter((r) => r.sequenceNo < request.sequenceNo && r.status !== 'cancelled')
    .map((r) => {
      const paid = payments.filter((p) => p.disbursementRequestId === r.id).map((p) => p.receivedOn);
      return { number: r.sequenceNo, date: r.requestedOn, amount: r.amountCents, ...(paid.length ? { paidOn: paid.sort().at(-1)! } : {}) };
    });
  const due = plannedPayments(plan, context.grant.period, request.coversFrom, request.coversTo);
  const pdf = await build(doc, () =>
    buildDisbursementRequestPdf({
      ...context,
      number: request.sequenceNo,
      previousRequests,
      amount: request.amountCents,
      payoutDate: request.payoutDate,
      payments: shareOut(due, request.amountCents, doc),
    }),
  );
  return pdfOf('disbursement_request', request.id, request.version, pdf, (v) => `Mittelabruf-${request.sequenceNo}-${fileStem(ctx.application.title)}-v${v}.pdf`);
}

const CATEGORY_PAYMENT = { personnel: 'Personalausgaben', material: 'Sachausgaben', other: 'Sonstige Ausgaben' } as const;

/**
 * The expenses of the Kostenplan falling due in [from, to]: per month and cost category, the
 * year's planned amount pro rata of the month's days in the Bewilligungszeitraum; due on the
 * month's last day (personnel costs, § 24 Abs. 1 TVöD), at the latest on `to`.
 */
export function plannedPayments(plan: CostPlan, period: { start: string; end: string }, from: string, to: string): Omit<DisbursementPayment, 'share'>[] {
  const payments: Omit<DisbursementPayment, 'share'>[] = [];
  for (const month of monthsOverlapping(maxDate(from, period.start), minDate(to, period.end))) {
    const year = Number(month.slice(0, 4));
    const i = plan.fiscalYears.indexOf(year);
    if (i < 0) continue;
    const yearDays = daysInclusive(maxDate(period.start, `${year}-01-01`), minDate(period.end, `${year}-12-31`));
    const monthDays = daysInclusive(maxDate(period.start, `${month}-01`), minDate(period.end, monthEnd(month)));
    for (const category of ['personnel', 'material', 'other'] as const) {
      const planned = sumOf(plan.lines.filter((l) => l.category === category).map((l) => l.amounts[i]!));
      const cost = mulDivRoundHalfUp(planned, BigInt(monthDays), BigInt(yearDays));
      if (cost > 0) {
        payments.push({ description: `${CATEGORY_PAYMENT[category]} ${month.slice(5)}/${month.slice(0, 4)} lt. Kostenplan`, dueDate: minDate(monthEnd(month), to), cost });
      }
    }
  }
  return payments;
}

/** The amount called, shared out over the payments pro rata of their cost (half-up, the rest on the last). */
function shareOut(payments: readonly Omit<DisbursementPayment, 'share'>[], amount: Cents, doc: string): DisbursementPayment[] {
  const total = sumOf(payments.map((p) => p.cost));
  if (total === 0) throw notYet(doc, 'the cost plan has no expenses due in the period the request covers', 'coversFrom');
  if (amount > total) throw notYet(doc, `the request calls ${formatEuro(amount)}, more than the planned expenses due in the period it covers (${formatEuro(total)})`, 'amountCents');
  let given = 0;
  return payments.map((p, i) => {
    const share = i === payments.length - 1 ? amount - given : mulDivRoundHalfUp(amount, BigInt(p.cost), BigInt(total));
    given += share;
    return { ...p, share };
  });
}

// ---- Zwischennachweis --------------------------------------------------------------------------

const WAIVER: Readonly<Record<ApplicationContext['programme']['interimReportWaiver'], InterimReportWaiver>> = {
  none: 'none',
  last_when_period_ends_before_due: 'lastWhenPeriodEndsBeforeDue',
  all: 'all',
};

export async function assembleInterimReport(em: EntityManager, a: AssemblyContext, applicationId: string, fiscalYear: number): Promise<AssembledDocument> {
  const doc = 'Zwischennachweis';
  const org = a.actor.organisationId;
  const ctx = await loadApplicationContext(em, org, applicationId);
  const context = grantContextOf(ctx, doc, a.today, a.signer);
  const { period } = context.grant;
  const dues = interimReportDueDates(period.start, period.end, { waiver: WAIVER[ctx.programme.interimReportWaiver] });
  if (!dues.some((d) => d.fiscalYear === fiscalYear)) {
    const due = dues.length ? dues.map((d) => d.fiscalYear).join(', ') : 'none';
    throw notYet(doc, `no Zwischennachweis is due for ${fiscalYear} in the Bewilligungszeitraum ${formatDate(period.start)}–${formatDate(period.end)} (due for: ${due}); the last year is covered by the Verwendungsnachweis`, 'fiscalYear');
  }
  const { plan, positions } = costPlanOf(ctx.costLines, period, doc);
  const receipts = await loadReceipts(em, org, applicationId, `${fiscalYear}-12-31`);
  const payments = await loadPayments(em, org, applicationId);
  const milestones = await loadMilestones(em, org, applicationId);
  const financingPlan = financingPlanOf(ctx);
  // The grant used year by year: what was received by the year's end and not used before.
  let usedBefore = 0;
  let funds = { grantReceived: 0, grantUsed: 0, ownFunds: 0, thirdPartyFunds: 0 };
  for (let year = Number(period.start.slice(0, 4)); year <= fiscalYear; year++) {
    const inYear = (date: string) => date.startsWith(`${year}-`);
    const spent = sumOf(receipts.filter((r) => inYear(r.receiptDate)).map((r) => r.amountCents));
    const receivedByEnd = sumOf(payments.filter((p) => p.receivedOn <= `${year}-12-31`).map((p) => p.amountCents));
    const split = financeExpenses(spent, receivedByEnd - usedBefore, financingPlan);
    usedBefore += split.grantUsed;
    funds = { grantReceived: sumOf(payments.filter((p) => inYear(p.receivedOn)).map((p) => p.amountCents)), ...split };
  }
  const actuals = [...totalsByPosition(receipts.filter((r) => r.receiptDate.startsWith(`${fiscalYear}-`)).map((r) => ({ position: positionOfReceipt(positions, r, doc), amount: r.amountCents })))].map(
    ([position, amount]) => ({ position, amount }),
  );
  const sections: TextSection[] = [projectSection(ctx, 'Stand des Vorhabens'), milestoneSection(milestones, fiscalYear, `${fiscalYear}-12-31`)];
  const pdf = await build(doc, () => buildInterimReportPdf({ ...context, fiscalYear, costPlan: plan, actuals, funds, sections }));
  return {
    ...pdfOf('interim_report', `${applicationId}:${fiscalYear}`, ctx.application.currentRevision, pdf, (v) => `Zwischennachweis-${fiscalYear}-${fileStem(ctx.application.title)}-v${v}.pdf`),
  };
}

/** "Meilensteine 2027": each milestone due in the year with its stand at the year's end. */
function milestoneSection(milestones: readonly MilestoneRow[], year: number, asOf: string): TextSection {
  const due = milestones.filter((m) => m.dueOn.startsWith(`${year}-`) || (m.doneOn ?? '').startsWith(`${year}-`));
  return {
    heading: `Meilensteine ${year}`,
    paragraphs: due.length
      ? due.map((m) => `${m.title} (fällig am ${formatDate(m.dueOn)}): ${milestoneStatus(milestoneOf(m), asOf)}${m.status === 'done' && m.evidence ? `; Nachweis: ${m.evidence}` : ''}.`)
      : [`Im Haushaltsjahr ${year} war kein Meilenstein fällig.`],
  };
}

// ---- Verwendungsnachweis -----------------------------------------------------------------------

export async function assembleProofOfUseReport(em: EntityManager, a: AssemblyContext, applicationId: string): Promise<AssembledDocument> {
  const doc = 'Verwendungsnachweis (Sachbericht)';
  const ctx = await loadApplicationContext(em, a.actor.organisationId, applicationId);
  const context = grantContextOf(ctx, doc, a.today, a.signer);
  const milestones = (await loadMilestones(em, a.actor.organisationId, applicationId)).map(milestoneOf);
  if (milestones.length === 0) throw notYet(doc, `application "${ctx.application.title}" has no milestones to report on`, 'milestones');
  const reached = milestones.filter((m) => m.doneOn !== undefined);
  const onTime = reached.filter((m) => m.doneOn! <= m.due);
  const sections: TextSection[] = [
    projectSection(ctx, 'Durchführung des Vorhabens'),
    {
      heading: 'Zielerreichung',
      paragraphs: [`Von ${milestones.length} Meilensteinen wurden ${reached.length} erreicht, davon ${onTime.length} fristgerecht. Die Meilensteine im Einzelnen zeigt die folgende Übersicht.`],
    },
  ];
  const pdf = await build(doc, () => buildProofOfUseNarrativePdf({ ...context, sections, milestones }));
  return pdfOf(APPLICATION, applicationId, ctx.application.currentRevision, pdf, (v) => `Sachbericht-${fileStem(ctx.application.title)}-v${v}.pdf`);
}

/** The zahlenmäßiger Nachweis's data: plans as approved, income, the Belegliste. */
async function proofOfUseFigures(em: EntityManager, a: AssemblyContext, applicationId: string, doc: string): Promise<{ ctx: ApplicationContext; data: ProofOfUseFiguresDocument }> {
  const org = a.actor.organisationId;
  const ctx = await loadApplicationContext(em, org, applicationId);
  const context = grantContextOf(ctx, doc, a.today, a.signer);
  const { grant } = context;
  const { plan, positions } = costPlanOf(ctx.costLines, grant.period, doc);
  const receipts = await loadReceipts(em, org, applicationId);
  const payments = await loadPayments(em, org, applicationId);
  if (receipts.length === 0) throw notYet(doc, `application "${ctx.application.title}" has no receipts: the Belegliste is empty`, 'receipts');
  const applied = financingPlanOf(ctx);
  const thirdPlanned = sumOf(applied.thirdParties.map((t) => t.amount));
  const total = sumOf(plan.lines.flatMap((l) => l.amounts));
  const ownApproved = total - grant.approvedAmount - thirdPlanned;
  if (ownApproved < 0) throw notYet(doc, `the approved grant and third parties (${grant.approvedAmount + thirdPlanned} cents) exceed the cost plan (${total} cents)`, 'notice.approvedCents');
  const spent = sumOf(receipts.map((r) => r.amountCents));
  const received = sumOf(payments.map((p) => p.amountCents));
  const split = financeExpenses(spent, received, applied);
  return {
    ctx,
    data: {
      ...context,
      financing: financingOf(ctx.programme, ctx.notice, grant.approvedAmount),
      costPlan: plan,
      financingPlan: { ownFunds: ownApproved, grant: grant.approvedAmount, thirdParties: applied.thirdParties },
      income: { ownFunds: Math.max(0, spent - received - split.thirdPartyFunds), grantReceived: received, thirdParties: shareByPlan(applied.thirdParties, split.thirdPartyFunds) },
      receipts: receipts.map((r) => ({ number: r.sequenceNo, date: r.receiptDate, payee: r.payee, reason: r.reason, position: positionOfReceipt(positions as PlanPosition[], r, doc), amount: r.amountCents })),
    },
  };
}

/** `amount` over the third parties pro rata of their planned amounts (the rest on the last). */
function shareByPlan(parties: readonly { name: string; amount: Cents }[], amount: Cents): { name: string; amount: Cents }[] {
  const planned = sumOf(parties.map((p) => p.amount));
  let given = 0;
  return parties.map((p, i) => {
    const part = i === parties.length - 1 ? amount - given : planned === 0 ? 0 : mulDivRoundHalfUp(amount, BigInt(p.amount), BigInt(planned));
    given += part;
    return { name: p.name, amount: part };
  });
}

export async function assembleProofOfUseStatement(em: EntityManager, a: AssemblyContext, applicationId: string): Promise<AssembledDocument> {
  const doc = 'Verwendungsnachweis (zahlenmäßiger Nachweis)';
  const { ctx, data } = await proofOfUseFigures(em, a, applicationId, doc);
  const pdf = await build(doc, () => buildProofOfUseFiguresPdf(data));
  return pdfOf(APPLICATION, applicationId, ctx.application.currentRevision, pdf, (v) => `Zahlenmäßiger-Nachweis-${fileStem(ctx.application.title)}-v${v}.pdf`);
}

export async function assembleProofOfUseStatementWorkbook(em: EntityManager, a: AssemblyContext, applicationId: string): Promise<AssembledDocument> {
  const doc = 'Verwendungsnachweis (zahlenmäßiger Nachweis, XLSX)';
  const { ctx, data } = await proofOfUseFigures(em, a, applicationId, doc);
  const content = await build(doc, () => buildProofOfUseWorkbook(data));
  return {
    subjectType: APPLICATION,
    subjectId: applicationId,
    sourceVersion: ctx.application.currentRevision,
    mediaType: XLSX,
    content,
    fileName: (v) => `Zahlenmäßiger-Nachweis-${fileStem(ctx.application.title)}-v${v}.xlsx`,
  };
}

// ---- Sachstandsbericht -------------------------------------------------------------------------

export async function assembleStatusReport(em: EntityManager, a: AssemblyContext, request: StatusReportRequest): Promise<AssembledDocument> {
  const doc = 'Sachstandsbericht';
  const org = a.actor.organisationId;
  const programme = await loadProgramme(em, org, request.programmeId);
  const applicationId = await reportedApplication(em, org, programme.id, request.applicationId, doc);
  const ctx = await loadApplicationContext(em, org, applicationId);
  const notice = grantedNotice(ctx, doc);
  const asOf = a.today;
  if (asOf < notice.periodStart) throw notYet(doc, `the Bewilligungszeitraum begins on ${formatDate(notice.periodStart)}: nothing to report on ${formatDate(asOf)}`, 'asOf');
  const committee = await reportCommittee(em, org, request.committeeId, doc);
  const sessionDate = request.sessionDate ?? (await nextSession(em, org, committee.id, asOf, committee.name, doc));
  // One after another: in a transaction the queries share one connection.
  const milestones = await loadMilestones(em, org, applicationId);
  const receipts = await loadReceipts(em, org, applicationId, asOf);
  const payments = await loadPayments(em, org, applicationId);
  const requests = await loadDisbursementRequests(em, org, applicationId);
  const positions: Array<{ title: string; endOn: string }> = await em.query(
    `SELECT title, to_char(end_on, 'YYYY-MM-DD') AS "endOn" FROM staff_position
      WHERE organisation_id = $1 AND application_id = $2 AND end_on IS NOT NULL AND end_on >= $3::date AND status <> 'ended' ORDER BY end_on, title`,
    [org, applicationId, asOf],
  );
  const received = sumOf(payments.filter((p) => p.receivedOn <= asOf).map((p) => p.amountCents));
  const called = sumOf(requests.filter((r) => (r.status === 'sent' || r.status === 'paid') && r.requestedOn <= asOf).map((r) => r.amountCents));
  const spent = sumOf(receipts.map((r) => r.amountCents));
  const split = financeExpenses(spent, received, financingPlanOf(ctx));
  const context = grantContextOf(ctx, doc, asOf, a.signer);
  const summary = paragraphs(ctx.application.description);
  const pdf = await build(doc, () =>
    buildStatusReportPdf({
      organisation: context.recipient,
      committee: committee.name,
      sessionDate,
      asOf,
      reportPeriod: { start: notice.periodStart, end: minDate(asOf, notice.periodEnd) },
      programme: context.programme,
      projectTitle: ctx.application.title,
      grant: context.grant,
      summary: summary.length ? summary : [ctx.application.title],
      milestones: milestones.map(milestoneOf),
      deadlines: positions.map((p) => ({ label: `Befristung der Stelle endet: ${p.title}`, nominal: p.endOn })),
      interimReportWaiver: WAIVER[ctx.programme.interimReportWaiver],
      money: { called, received, spent, ownShare: split.ownFunds, thirdParty: split.thirdPartyFunds },
    }),
  );
  return pdfOf('funding_programme', programme.id, ctx.application.currentRevision, pdf, (v) => `Sachstandsbericht-${fileStem(programme.name)}-v${v}.pdf`);
}

/** The funded application of the programme the report is about. */
async function reportedApplication(em: EntityManager, org: string, programmeId: string, given: string | undefined, doc: string): Promise<string> {
  const funded: Array<{ id: string; title: string }> = await em.query(
    `SELECT a.id, a.title FROM funding_application a
       JOIN funding_notice n ON n.organisation_id = a.organisation_id AND n.application_id = a.id AND n.decision <> 'rejected'
      WHERE a.organisation_id = $1 AND a.programme_id = $2 ORDER BY a.period_start, a.title`,
    [org, programmeId],
  );
  if (given !== undefined) {
    if (!isUuid(given) || !(await em.query(`SELECT 1 FROM funding_application WHERE organisation_id = $1 AND programme_id = $2 AND id = $3`, [org, programmeId, given])).length) {
      throw DomainError.invalid('applicationId', 'no application of this programme in your organisation');
    }
    if (!funded.some((f) => f.id === given)) throw notYet(doc, 'the application has no funding notice granting it', 'applicationId');
    return given;
  }
  if (funded.length === 0) throw notYet(doc, 'no application of the programme has been granted yet', 'programmeId');
  if (funded.length > 1) {
    throw DomainError.invalid('applicationId', `the programme has ${funded.length} granted applications (${funded.map((f) => f.id).join(', ')}): name the one to report on`);
  }
  return funded[0]!.id;
}

async function reportCommittee(em: EntityManager, org: string, committeeId: string | undefined, doc: string): Promise<{ id: string; name: string }> {
  if (committeeId !== undefined) {
    const rows: Array<{ id: string; name: string }> = isUuid(committeeId) ? await em.query(`SELECT id, name FROM committee WHERE organisation_id = $1 AND id = $2`, [org, committeeId]) : [];
    if (!rows[0]) throw DomainError.invalid('committeeId', 'no committee with this id in your organisation');
    return rows[0];
  }
  const rows: Array<{ id: string; name: string }> = await em.query(
    `SELECT id, name FROM committee WHERE organisation_id = $1 AND name ILIKE '%Jugendhilfeausschuss%' ORDER BY name, id LIMIT 1`,
    [org],
  );
  if (!rows[0]) throw notYet(doc, 'the organisation has no Jugendhilfeausschuss: name the committee (committeeId)', 'committeeId');
  return rows[0];
}

async function nextSession(em: EntityManager, org: string, committeeId: string, asOf: string, name: string, doc: string): Promise<string> {
  const rows: Array<{ date: string }> = await em.query(
    `SELECT to_char(session_date, 'YYYY-MM-DD') AS date FROM committee_session WHERE organisation_id = $1 AND committee_id = $2 AND session_date >= $3::date ORDER BY session_date LIMIT 1`,
    [org, committeeId, asOf],
  );
  if (!rows[0]) throw notYet(doc, `${name} has no session on or after ${formatDate(asOf)}: enter its next session or name the date (sessionDate)`, 'sessionDate');
  return rows[0].date;
}

// ---- helpers -----------------------------------------------------------------------------------

function pdfOf(subjectType: string, subjectId: string, sourceVersion: number | null, content: Buffer, fileName: (v: number) => string): AssembledDocument {
  return { subjectType, subjectId, sourceVersion, mediaType: PDF, content, fileName };
}

