import { mulDivRoundHalfUp, type Cents } from '@app/money';
import type { ScheduleResult } from '@app/personnel-costs';
import { department, user, type OrganisationIds } from './structure';
import { json, type DemoWriter } from './writer';

/*
 * Funders, programmes and applications with their first revision (cost and financing plan) and
 * milestones. Natural keys: (organisation, name) for funders and programmes; (organisation,
 * programme, title) for applications; (application, revision_no); (revision, line_no) for plan
 * lines; (organisation, application, title) for milestones.
 */

export interface ProgrammeSpec {
  funder: { name: string; kind: 'land' | 'foundation' | 'health_insurers' | 'federal' | 'other' };
  name: string;
  legalBasis: 'land_grant' | 'private_contract';
  anbestVariant: 'P' | 'G' | 'K' | null;
  financingType: 'share' | 'deficit' | 'fixed' | 'full';
  rateBp: number | null;
  capCents: Cents | null;
  passOnAllowed: boolean;
  interimReportDue: string;
  interimReportWaiver: 'none' | 'last_when_period_ends_before_due' | 'all';
  proofOfUseMonths: number;
  disbursementWindowUnit: 'months' | 'weeks';
  disbursementWindowLength: number;
  minPeriodMonths: number | null;
  maxPeriodMonths: number | null;
}

export interface CostLineSpec {
  category: 'personnel' | 'material' | 'other';
  label: string;
  fiscalYear: number | null;
  amountCents: Cents;
}

export interface FinancingLineSpec {
  source: 'own' | 'funder' | 'third_party';
  label: string;
  amountCents: Cents;
}

export interface MilestoneSpec {
  title: string;
  dueOn: string;
  /** user subject */
  owner: string;
}

export interface ApplicationSpec {
  title: string;
  description: string;
  leadDepartment: string;
  periodStart: string;
  periodEnd: string;
  status: string;
  revisionReason: string;
  costPlan: readonly CostLineSpec[];
  financingPlan: readonly FinancingLineSpec[];
  milestones: readonly MilestoneSpec[];
}

export interface ApplicationIds {
  programmeId: string;
  applicationId: string;
  revisionId: string;
}

export function sumCents(values: readonly Cents[]): Cents {
  return values.reduce((s, v) => s + v, 0);
}

/** The funder's share of a total under a programme's Anteilfinanzierung: min(cap, round(rate × total)). */
export function programmeShare(p: ProgrammeSpec, totalCents: Cents): Cents {
  if (p.financingType !== 'share' || p.rateBp === null) throw new Error(`demo data: ${p.name} is not share-financed`);
  const share = mulDivRoundHalfUp(totalCents, BigInt(p.rateBp), 10_000n);
  return p.capCents === null ? share : Math.min(p.capCents, share);
}

/** A schedule's months summed per calendar (= fiscal) year. */
export function yearlySums(schedule: ScheduleResult): Map<number, {
  totalCost: Cents;
  gross: Cents;
  onCosts: Record<string, Cents>;
  reimbursement: Cents;
}> {
  const years = new Map<number, { totalCost: Cents; gross: Cents; onCosts: Record<string, Cents>; reimbursement: Cents }>();
  for (const m of schedule.months) {
    const year = Number(m.month.slice(0, 4));
    const y = years.get(year) ?? { totalCost: 0, gross: 0, onCosts: {}, reimbursement: 0 };
    y.totalCost += m.totalCost;
    y.gross += m.gross;
    y.reimbursement += m.reimbursement;
    for (const c of m.onCosts) y.onCosts[c.component] = (y.onCosts[c.component] ?? 0) + c.amount;
    years.set(year, y);
  }
  return years;
}

export async function ensureProgramme(w: DemoWriter, org: OrganisationIds, p: ProgrammeSpec): Promise<string> {
  const funder = await w.ensure('funder', {
    key: { organisation_id: org.id, name: p.funder.name },
    values: { kind: p.funder.kind },
    conflict: ['organisation_id', 'name'],
  });
  const programme = await w.ensure('funding_programme', {
    key: { organisation_id: org.id, name: p.name },
    values: {
      funder_id: funder.id,
      legal_basis: p.legalBasis,
      anbest_variant: p.anbestVariant,
      financing_type: p.financingType,
      rate_bp: p.rateBp,
      cap_cents: p.capCents,
      degressive_shares: json([]),
      pass_on_allowed: p.passOnAllowed,
      interim_report_due: p.interimReportDue,
      interim_report_waiver: p.interimReportWaiver,
      proof_of_use_months: p.proofOfUseMonths,
      disbursement_window_unit: p.disbursementWindowUnit,
      disbursement_window_length: p.disbursementWindowLength,
      min_period_months: p.minPeriodMonths,
      max_period_months: p.maxPeriodMonths,
    },
    conflict: ['organisation_id', 'name'],
  });
  return programme.id;
}

export async function ensureApplication(
  w: DemoWriter,
  org: OrganisationIds,
  programmeId: string,
  a: ApplicationSpec,
): Promise<ApplicationIds> {
  const totalCost = sumCents(a.costPlan.map((l) => l.amountCents));
  const totalFinancing = sumCents(a.financingPlan.map((l) => l.amountCents));
  if (totalCost !== totalFinancing) {
    throw new Error(`demo data: "${a.title}" cost plan ${totalCost} and financing plan ${totalFinancing} differ`);
  }
  const application = await w.ensure('funding_application', {
    key: { organisation_id: org.id, programme_id: programmeId, title: a.title },
    values: {
      lead_department_id: department(org, a.leadDepartment),
      description: a.description,
      period_start: a.periodStart,
      period_end: a.periodEnd,
      status: a.status,
      current_revision: 1,
    },
  });
  const revision = await w.ensure('application_revision', {
    key: { organisation_id: org.id, application_id: application.id, revision_no: 1 },
    values: { reason: a.revisionReason, created_by: w.actor },
    conflict: ['organisation_id', 'application_id', 'revision_no'],
  });
  for (const [i, line] of a.costPlan.entries()) {
    await w.ensure('cost_plan_line', {
      key: { organisation_id: org.id, revision_id: revision.id, line_no: i + 1 },
      values: { category: line.category, label: line.label, fiscal_year: line.fiscalYear, amount_cents: line.amountCents },
      conflict: ['organisation_id', 'revision_id', 'line_no'],
    });
  }
  for (const [i, line] of a.financingPlan.entries()) {
    await w.ensure('financing_plan_line', {
      key: { organisation_id: org.id, revision_id: revision.id, line_no: i + 1 },
      values: { source: line.source, label: line.label, amount_cents: line.amountCents },
      conflict: ['organisation_id', 'revision_id', 'line_no'],
    });
  }
  for (const m of a.milestones) {
    await w.ensure('programme_milestone', {
      key: { organisation_id: org.id, application_id: application.id, title: m.title },
      values: { due_on: m.dueOn, owner_id: user(org, m.owner), status: 'open', evidence: null, done_on: null },
    });
  }
  return { programmeId, applicationId: application.id, revisionId: revision.id };
}
