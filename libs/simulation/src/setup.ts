import type { DataSource } from 'typeorm';
import { type IsoDate } from '@app/calendar';
import {
  DEMO_USERS,
  DemoWriter,
  ensureApplication,
  ensureOrganisation,
  ensureProgramme,
  json,
  programmeShare,
  sumCents,
  writeReferenceData,
  yearlySums,
  type CostLineSpec,
  type OrganisationIds,
  type ProgrammeSpec,
} from '@app/demo';
import { computeSchedule, type PositionInput, type ReferenceData, type ScheduleResult } from '@app/personnel-costs';
import type { Cents } from '@app/money';
import { resolveDate, type Scenario, type ScenarioApplication, type ScenarioPosition } from './scenario';

/*
 * The database rows a scenario starts from, written with the demo loader's building blocks
 * (libs/demo: natural keys, one audit event per row): reference data (with the assumed rows),
 * the organisation with departments, committees, sessions and one user per role, the programme,
 * budget products and accounts, and per application its draft with revision 1 (cost plan = the
 * cost engine's yearly sums), staff positions, planned budget lines, milestones and council paper.
 */

export const SIMULATION_ACTOR = 'system:simulation';

export interface PreparedPosition {
  id: string;
  spec: ScenarioPosition;
  /** what the cost engine takes (stage changes as stageHistory) */
  input: PositionInput;
  schedule: ScheduleResult;
}

export interface PreparedApplication {
  spec: ScenarioApplication;
  id: string;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  positions: PreparedPosition[];
  milestones: Array<{ id: string; title: string; dueOn: IsoDate; doneDaysAfterDue: number | null }>;
  councilPaper: { id: string; number: string; consultations: Array<{ position: number; committeeId: string; committeeName: string; sessionDate: IsoDate; role: string; outcome: string; text: string }> } | null;
  costTotalCents: Cents;
  approvedCents: Cents;
}

export interface PreparedScenario {
  organisationId: string;
  organisation: OrganisationIds;
  users: { owner: string; head: string; councilOffice: string; finance: string };
  applications: PreparedApplication[];
}

/** The cost plan line of a position's personnel costs in a fiscal year (receipts are charged to it by this label). */
export function personnelCostLabel(p: ScenarioPosition, year: number): string {
  return `Personalkosten ${p.title} (${p.payGroup}, ${p.weeklyHours} Std.) ${year}`;
}

/** The cost plan line of the material costs (one a fiscal year). */
export const MATERIAL_COST_LABEL = 'Sachkosten (Netzwerktreffen, Öffentlichkeitsarbeit)';

export function periodOf(a: ScenarioApplication, anchor: IsoDate): { start: IsoDate; end: IsoDate } {
  const start = resolveDate(a.period.start, { anchor });
  return { start, end: resolveDate(`@periodStart+${a.period.months}m-1d`, { anchor, periodStart: start }) };
}

/** A Vorlagennummer; `{year}` stands for the anchor's year (e.g. "{year}/844" → "2030/844"). */
export function councilPaperNumber(pattern: string, anchor: IsoDate): string {
  return pattern.replace('{year}', anchor.slice(0, 4));
}

export function programmeSpec(s: Scenario): ProgrammeSpec {
  const p = s.programme;
  return {
    funder: p.funder,
    name: p.name,
    legalBasis: p.legalBasis,
    anbestVariant: p.anbestVariant,
    financingType: 'share',
    rateBp: Math.round(Number(p.ratePercent) * 100),
    capCents: p.capCents,
    passOnAllowed: false,
    interimReportDue: '04-30',
    interimReportWaiver: p.interimReportWaiver === 'lastWhenPeriodEndsBeforeDue' ? 'last_when_period_ends_before_due' : p.interimReportWaiver,
    proofOfUseMonths: p.proofOfUseMonths,
    disbursementWindowUnit: 'months',
    disbursementWindowLength: p.disbursementWindowMonths,
    minPeriodMonths: null,
    maxPeriodMonths: null,
  };
}

export function positionInput(s: Scenario, p: ScenarioPosition, key: string, period: { start: IsoDate; end: IsoDate }, anchor: IsoDate): PositionInput {
  const base = { anchor, periodStart: period.start, periodEnd: period.end };
  return {
    id: `simulation:${key}:${p.title}`,
    payScale: p.payScale,
    payGroup: p.payGroup,
    start: period.start,
    end: period.end,
    stageHistory: [{ from: period.start, stage: p.stage }, ...p.stageChanges.map((c) => ({ from: resolveDate(c.from, base), stage: c.stage }))],
    weeklyHours: p.weeklyHours,
    fullTimeHours: p.fullTimeHours,
    allowances: p.allowances.map((code) => ({ code })),
    fundingPeriod: { from: period.start, to: period.end },
    financing: { type: 'share', ratePercent: s.programme.ratePercent, cap: s.programme.capCents },
    accounts: {
      pay: p.accounts.pay,
      allowances: Object.fromEntries(p.allowances.map((code) => [code, p.accounts.pay])),
      bonus: p.accounts.pay,
      onCosts: { SV: p.accounts.socialSecurity, ZVK: p.accounts.pension },
      reimbursement: p.accounts.reimbursement,
      product: p.product.number,
    },
  };
}

/** Writes the scenario's starting rows in one transaction; `ref` already holds the assumed rows. */
export async function prepareScenario(ds: DataSource, s: Scenario, anchor: IsoDate, ref: ReferenceData): Promise<PreparedScenario> {
  return ds.transaction(async (em) => {
    const w = new DemoWriter(em, SIMULATION_ACTOR, `Simulation: ${s.name}`);
    await writeReferenceData(w, ref);
    const o = s.organisation;
    const org = await ensureOrganisation(w, {
      slug: o.slug,
      name: o.name,
      kind: o.kind,
      landCode: o.landCode,
      youthOffice: o.departments[0],
      departments: o.departments.map((name) => ({ name })),
      municipalities: [],
      committees: o.committees.map((c) => ({ name: c.name, ...(c.shortName ? { shortName: c.shortName } : {}), sessions: c.sessions.map((d) => resolveDate(d, { anchor })) })),
    });
    const userRef = (subject: string) => `user:${org.users.get(subject)}`;
    if (!DEMO_USERS.some((u) => u.subject === 'jugendamt')) throw new Error('demo users changed: no jugendamt');
    const programme = programmeSpec(s);
    const programmeId = await ensureProgramme(w, org, programme);

    const products = new Map<string, string>();
    const accounts = new Map<string, string>();
    const ensureProduct = async (number: string, name: string) => {
      if (!products.has(number)) {
        const r = await w.ensure('budget_product', { key: { organisation_id: org.id, number }, values: { name, parent_id: null }, conflict: ['organisation_id', 'number'] });
        products.set(number, r.id);
      }
      return products.get(number) as string;
    };
    const ensureAccount = async (number: string, name: string, kind: 'expense' | 'revenue') => {
      if (!accounts.has(number)) {
        const r = await w.ensure('account', { key: { organisation_id: org.id, number }, values: { name, kind }, conflict: ['organisation_id', 'number'] });
        accounts.set(number, r.id);
      }
      return accounts.get(number) as string;
    };

    const applications: PreparedApplication[] = [];
    for (const a of s.applications) {
      const period = periodOf(a, anchor);
      const inputs = a.positions.map((p) => ({ spec: p, input: positionInput(s, p, a.key, period, anchor) }));
      const schedules = inputs.map((p) => computeSchedule(p.input, ref));
      const personnel: CostLineSpec[] = [];
      schedules.forEach((schedule, k) => {
        for (const [year, y] of yearlySums(schedule)) {
          personnel.push({ category: 'personnel', label: personnelCostLabel(inputs[k].spec, year), fiscalYear: year, amountCents: y.totalCost });
        }
      });
      const material: CostLineSpec[] = [];
      if (a.materialCostsPerYearCents > 0) {
        for (let y = Number(period.start.slice(0, 4)); y <= Number(period.end.slice(0, 4)); y++) {
          material.push({ category: 'material', label: MATERIAL_COST_LABEL, fiscalYear: y, amountCents: a.materialCostsPerYearCents });
        }
      }
      const costPlan = [...personnel, ...material];
      const total = sumCents(costPlan.map((l) => l.amountCents));
      const share = programmeShare(programme, total);
      const base = { anchor, periodStart: period.start, periodEnd: period.end };
      const { applicationId } = await ensureApplication(w, org, programmeId, {
        title: a.title,
        description: a.description,
        leadDepartment: a.leadDepartment,
        periodStart: period.start,
        periodEnd: period.end,
        status: 'draft',
        revisionReason: 'Erstantrag',
        costPlan,
        financingPlan: [
          { source: 'funder', label: `${s.programme.name}: ${s.programme.ratePercent.replace('.', ',')} % der Gesamtkosten`, amountCents: share },
          { source: 'own', label: `Eigenmittel ${o.name}`, amountCents: total - share },
        ],
        milestones: a.milestones.map((m) => ({ title: m.title, dueOn: resolveDate(m.due, base), owner: 'jugendamt' })),
      });

      const positions: PreparedPosition[] = [];
      for (const [k, { spec: p, input }] of inputs.entries()) {
        const productId = await ensureProduct(p.product.number, p.product.name);
        const payAccount = await ensureAccount(p.accounts.pay, 'Entgelte für geleistete Arbeitszeit', 'expense');
        await ensureAccount(p.accounts.socialSecurity, 'Arbeitgeberanteil Sozialversicherung', 'expense');
        await ensureAccount(p.accounts.pension, 'Zusatzversorgung (ZVK-Umlage, Arbeitgeber)', 'expense');
        const reimbursementAccount = await ensureAccount(p.accounts.reimbursement, 'Zuweisungen für laufende Zwecke', 'revenue');
        const position = await w.ensure('staff_position', {
          key: { organisation_id: org.id, title: `${p.title} (${a.key})` },
          values: {
            application_id: applicationId,
            pay_scale: p.payScale,
            pay_group: p.payGroup,
            case_group: null,
            weekly_hours: p.weeklyHours,
            full_time_hours: p.fullTimeHours,
            start_on: period.start,
            end_on: period.end,
            funded_share_bp: programme.rateBp,
            budget_product_id: productId,
            pay_account_id: payAccount,
            reimbursement_account_id: reimbursementAccount,
            account_overrides: json({ allowances: input.accounts?.allowances ?? {}, bonus: p.accounts.pay, onCosts: { SV: p.accounts.socialSecurity, ZVK: p.accounts.pension } }),
            status: 'planned',
          },
        });
        for (const st of input.stageHistory) {
          await w.ensure('position_stage', { key: { organisation_id: org.id, position_id: position.id, valid_from: st.from }, values: { stage: st.stage }, conflict: ['organisation_id', 'position_id', 'valid_from'] });
        }
        for (const code of p.allowances) {
          await w.ensure('position_allowance', { key: { organisation_id: org.id, position_id: position.id, kind: code }, values: { name: code === 'SUE_ZULAGE' ? 'SuE-Zulage' : code, amount_cents: null, valid_from: null, valid_to: null } });
        }
        for (const [year, y] of yearlySums(schedules[k])) {
          const planned: Array<[string, Cents]> = [
            [p.accounts.pay, y.gross],
            [p.accounts.socialSecurity, y.onCosts['SV'] ?? 0],
            [p.accounts.pension, y.onCosts['ZVK'] ?? 0],
            [p.accounts.reimbursement, y.reimbursement],
          ];
          for (const [number, cents] of planned) {
            // several positions of one application may share a line: the first one's plan stays (natural key)
            await w.ensure('budget_line', {
              key: { organisation_id: org.id, product_id: productId, account_id: accounts.get(number) as string, fiscal_year: year },
              values: { planned_cents: cents },
              conflict: ['organisation_id', 'product_id', 'account_id', 'fiscal_year'],
            });
          }
        }
        positions.push({ id: position.id, spec: p, input, schedule: schedules[k] });
      }

      const milestoneRows: Array<{ id: string; title: string; due_on: string }> = await em.query(
        `SELECT id, title, due_on::text FROM programme_milestone WHERE organisation_id = $1 AND application_id = $2 ORDER BY due_on, title`,
        [org.id, applicationId],
      );
      const milestones = milestoneRows.map((r) => {
        const spec = a.milestones.find((m) => m.title === r.title);
        return { id: r.id, title: r.title, dueOn: r.due_on, doneDaysAfterDue: spec?.doneDaysAfterDue ?? null };
      });

      let councilPaper: PreparedApplication['councilPaper'] = null;
      if (a.councilPaper) {
        const cp = a.councilPaper;
        const number = councilPaperNumber(cp.number, anchor);
        const paper = await w.ensure('council_paper', {
          key: { organisation_id: org.id, number },
          values: {
            application_id: applicationId,
            paper_type: 'decision',
            public: true,
            paper_date: resolveDate(cp.date, base),
            lead_department_id: org.departments.get(a.leadDepartment) as string,
            participating_department_ids: [],
            costs_in_budget: true,
            cost_cents: total,
            county_executive_involved: false,
            qualified_majority: false,
            relevance_gender_mainstreaming: false,
            relevance_migration: false,
            relevance_prevention_sustainability: true,
            relevance_education: true,
            relevance_climate: false,
            title: cp.title ?? a.title,
            sections: json(cp.sections),
            related_paper_numbers: [],
            attachments: json([]),
            status: 'released',
          },
          conflict: ['organisation_id', 'number'],
        });
        const consultations = [];
        for (const [i, c] of cp.consultations.entries()) {
          const committeeId = org.committees.get(c.committee) as string;
          const sessionDate = resolveDate(c.session, base);
          await w.ensure('consultation', {
            key: { organisation_id: org.id, paper_id: paper.id, position: i + 1 },
            values: { committee_id: committeeId, session_date: sessionDate, role: c.role, public: true, outcome: null, authoritative: c.role === 'decision' },
            conflict: ['organisation_id', 'paper_id', 'position'],
          });
          consultations.push({ position: i + 1, committeeId, committeeName: c.committee, sessionDate, role: c.role, outcome: c.outcome, text: c.text });
        }
        councilPaper = { id: paper.id, number, consultations };
      }
      applications.push({ spec: a, id: applicationId, periodStart: period.start, periodEnd: period.end, positions, milestones, councilPaper, costTotalCents: total, approvedCents: share });
    }
    return {
      organisationId: org.id,
      organisation: org,
      users: { owner: userRef('jugendamt'), head: userRef('fachdienstleitung'), councilOffice: userRef('kreistagsbuero'), finance: userRef('kaemmerei') },
      applications,
    };
  });
}

/** The funding_notice row (the Zuwendungsbescheid / Fördervertrag as received). */
export async function writeNotice(ds: DataSource, s: Scenario, prepared: PreparedScenario, app: PreparedApplication, issuedOn: IsoDate): Promise<void> {
  await ds.transaction(async (em) => {
    const w = new DemoWriter(em, SIMULATION_ACTOR, `Simulation: Bescheid ${app.spec.notice.fileNumber}`);
    await w.ensure('funding_notice', {
      key: { organisation_id: prepared.organisationId, application_id: app.id },
      values: {
        decision: 'approved',
        approved_cents: app.approvedCents,
        period_start: app.periodStart,
        period_end: app.periodEnd,
        financing_type: 'share',
        rate_bp: Math.round(Number(s.programme.ratePercent) * 100),
        conditions: `Anteilfinanzierung ${s.programme.ratePercent.replace('.', ',')} %${s.programme.capCents ? `, höchstens ${(s.programme.capCents / 100).toFixed(2).replace('.', ',')} €` : ''} (Simulation)`,
        issued_on: issuedOn,
        file_number: app.spec.notice.fileNumber,
      },
      conflict: ['organisation_id', 'application_id'],
    });
  });
}
