import { VORLAGE_2021_844 } from '@app/documents';
import type { Cents } from '@app/money';
import { computeSchedule, type PositionInput, type ReferenceData } from '@app/personnel-costs';
import {
  ensureApplication,
  ensureProgramme,
  programmeShare,
  sumCents,
  yearlySums,
  type ApplicationSpec,
  type CostLineSpec,
  type MilestoneSpec,
  type ProgrammeSpec,
} from './funding';
import { committee, department, ensureOrganisation, type OrganisationIds, type OrganisationSpec } from './structure';
import { json, type DemoWriter } from './writer';

/*
 * Landkreis Peine — the main demo, built on Informationsvorlage 2021/844 (shared/seeds/001):
 * "Präventionsketten Niedersachsen: Gesund aufwachsen für alle Kinder!", a full-time
 * Netzwerkkoordinator/in Präventionsketten in the Fachdienst Jugendamt, charged to
 * Produkt 3636 – übrige Hilfen. See libs/demo/README.md for every choice made here.
 */

export const PEINE: OrganisationSpec = {
  slug: 'landkreis-peine',
  name: 'Landkreis Peine',
  kind: 'county',
  landCode: 'NI',
  youthOffice: 'Fachdienst Jugendamt',
  departments: [
    { name: 'Fachdienst Jugendamt' },
    { name: 'Fachdienst Gesundheitsamt' },
    { name: 'Fachdienst Sozialamt' },
    { name: 'Fachdienst Finanzen (Kämmerei)' },
    { name: 'Büro des Kreistages' },
  ],
  // Stadt Peine and the six Gemeinden of the county (Lahstedt joined Ilsede in 2015).
  municipalities: [
    { name: 'Peine', kind: 'city' },
    { name: 'Edemissen', kind: 'municipality' },
    { name: 'Hohenhameln', kind: 'municipality' },
    { name: 'Ilsede', kind: 'municipality' },
    { name: 'Lengede', kind: 'municipality' },
    { name: 'Vechelde', kind: 'municipality' },
    { name: 'Wendeburg', kind: 'municipality' },
  ],
  committees: [
    // 26.04.2021: Beratungsfolge of 2021/844 (seed 001)
    { name: 'Ausschuss für Gleichstellung, Arbeit und Soziales', sessions: ['2021-04-26', '2026-03-02'] },
    { name: 'Jugendhilfeausschuss', shortName: 'JHA', sessions: ['2026-02-23'] },
    { name: 'Kreisausschuss', shortName: 'KA', sessions: ['2026-03-10'] },
    // 16.12.2020: the Kreistag decision on the Stellenplan 2021 named in 2021/844
    { name: 'Kreistag', shortName: 'KT', sessions: ['2020-12-16', '2026-03-25'] },
  ],
};

/** The project period: the longest stretch the shipped TVöD reference data covers (on-costs from 2025-01, pay rows to 2027-03). */
export const PEINE_PERIOD = { start: '2025-01-01', end: '2027-03-31' } as const;

export const PEINE_PROGRAMME: ProgrammeSpec = {
  // Foundation money 2016–2022 passed on by the Landesvereinigung under a private-law Fördervertrag (DOMAIN.md).
  funder: { name: 'Landesvereinigung für Gesundheit und Akademie für Sozialmedizin Niedersachsen e.V.', kind: 'foundation' },
  name: 'Präventionsketten Niedersachsen: Gesund aufwachsen für alle Kinder!',
  legalBasis: 'private_contract',
  anbestVariant: null,
  financingType: 'share',
  rateBp: 5000,
  capCents: 9_000_000,
  passOnAllowed: false,
  interimReportDue: '04-30',
  interimReportWaiver: 'none',
  proofOfUseMonths: 6,
  disbursementWindowUnit: 'months',
  disbursementWindowLength: 2,
  minPeriodMonths: null,
  maxPeriodMonths: 48,
};

export const PEINE_POSITION_TITLE = 'Netzwerkkoordinator/in Präventionsketten';
export const PEINE_PRODUCT = { number: '3636', name: 'übrige Hilfen' } as const;
export const PEINE_ACCOUNTS = [
  { number: '620010', name: 'Entgelte für geleistete Arbeitszeit', kind: 'expense' },
  { number: '640010', name: 'Arbeitgeberanteil Sozialversicherung', kind: 'expense' },
  { number: '647010', name: 'Zusatzversorgung (ZVK-Umlage, Arbeitgeber)', kind: 'expense' },
  { number: '541100', name: 'Zuweisungen vom Land', kind: 'revenue' },
] as const;

/**
 * The position as the personnel-cost engine takes it: S 12 TVöD SuE, 39 of 39 hours, Stufe 2
 * from the start and Stufe 3 after two years in Stufe 2 (01.01.2027), SuE-Zulage, funded 50 %
 * with the programme's Höchstbetrag, accounts of the Hessian sample chart (PERSONNEL-COSTS.md § 6).
 */
export const PEINE_COORDINATOR_POSITION: PositionInput = {
  id: 'demo:landkreis-peine:netzwerkkoordination-praeventionsketten',
  payScale: 'TVOED_VKA_SUE',
  payGroup: 'S 12',
  start: PEINE_PERIOD.start,
  end: PEINE_PERIOD.end,
  stageHistory: [
    { from: PEINE_PERIOD.start, stage: 2 },
    { from: '2027-01-01', stage: 3 },
  ],
  weeklyHours: '39',
  fullTimeHours: '39',
  allowances: [{ code: 'SUE_ZULAGE' }],
  fundingPeriod: { from: PEINE_PERIOD.start, to: PEINE_PERIOD.end },
  financing: { type: 'share', ratePercent: '50', cap: PEINE_PROGRAMME.capCents },
  accounts: {
    pay: '620010',
    allowances: { SUE_ZULAGE: '620010' },
    bonus: '620010',
    onCosts: { SV: '640010', ZVK: '647010' },
    reimbursement: '541100',
    product: PEINE_PRODUCT.number,
  },
};

/** Small material costs per fiscal year (Netzwerktreffen in the seven Gemeinden, Öffentlichkeitsarbeit). */
const PEINE_MATERIAL_COSTS: readonly CostLineSpec[] = [
  { category: 'material', label: 'Sachkosten Netzwerktreffen in den Gemeinden (Raum, Verpflegung)', fiscalYear: 2025, amountCents: 175_000 },
  { category: 'material', label: 'Öffentlichkeitsarbeit und Fortbildung', fiscalYear: 2025, amountCents: 50_000 },
  { category: 'material', label: 'Sachkosten Netzwerktreffen in den Gemeinden (Raum, Verpflegung)', fiscalYear: 2026, amountCents: 175_000 },
  { category: 'material', label: 'Öffentlichkeitsarbeit und Fortbildung', fiscalYear: 2026, amountCents: 50_000 },
  { category: 'material', label: 'Öffentlichkeitsarbeit und Fortbildung', fiscalYear: 2027, amountCents: 50_000 },
];

function milestones(spec: OrganisationSpec): MilestoneSpec[] {
  const owner = 'jugendamt';
  const list: MilestoneSpec[] = [
    { title: 'Steuerungsgruppe eingerichtet', dueOn: '2025-03-31', owner },
    { title: 'Bestandsaufnahme der Angebote abgeschlossen', dueOn: '2025-06-30', owner },
    { title: 'Leitbild beschlossen', dueOn: '2025-12-31', owner },
    { title: 'Sozialraummonitoring aufgebaut', dueOn: '2026-06-30', owner },
  ];
  for (const year of [2025, 2026]) {
    for (const m of spec.municipalities) {
      list.push({
        title: `Netzwerktreffen ${year} – ${m.kind === 'city' ? 'Stadt' : 'Gemeinde'} ${m.name}`,
        dueOn: `${year}-12-31`,
        owner,
      });
    }
  }
  return list;
}

export interface PeineResult {
  organisation: OrganisationIds;
  applicationId: string;
  positionId: string;
  councilPaperId: string;
}

export async function seedPeine(w: DemoWriter, ref: ReferenceData): Promise<PeineResult> {
  const org = await ensureOrganisation(w, PEINE);
  const programmeId = await ensureProgramme(w, org, PEINE_PROGRAMME);

  // ---- budget: product 3636 and its accounts
  const product = await w.ensure('budget_product', {
    key: { organisation_id: org.id, number: PEINE_PRODUCT.number },
    values: { name: PEINE_PRODUCT.name, parent_id: null },
    conflict: ['organisation_id', 'number'],
  });
  const accounts = new Map<string, string>();
  for (const a of PEINE_ACCOUNTS) {
    const r = await w.ensure('account', {
      key: { organisation_id: org.id, number: a.number },
      values: { name: a.name, kind: a.kind },
      conflict: ['organisation_id', 'number'],
    });
    accounts.set(a.number, r.id);
  }
  const account = (n: string): string => accounts.get(n) as string;

  // ---- the application: cost plan from the personnel-cost engine, to the cent
  const schedule = computeSchedule(PEINE_COORDINATOR_POSITION, ref);
  const years = yearlySums(schedule);
  const personnel: CostLineSpec[] = [...years.entries()].map(([year, y]) => ({
    category: 'personnel',
    label: `Personalkosten ${PEINE_POSITION_TITLE} (S 12 TVöD SuE, 39 Std.) ${year}`,
    fiscalYear: year,
    amountCents: y.totalCost,
  }));
  const costPlan = [...personnel, ...PEINE_MATERIAL_COSTS];
  const total = sumCents(costPlan.map((l) => l.amountCents));
  const funderShare = programmeShare(PEINE_PROGRAMME, total);
  const title = VORLAGE_2021_844.title.replace(/^["„“]+|["“”]+$/g, '');
  const application: ApplicationSpec = {
    title,
    description: VORLAGE_2021_844.sections.description.join('\n\n'),
    leadDepartment: PEINE.youthOffice,
    periodStart: PEINE_PERIOD.start,
    periodEnd: PEINE_PERIOD.end,
    status: 'approved',
    revisionReason: 'Erstantrag',
    costPlan,
    financingPlan: [
      { source: 'funder', label: 'Präventionsketten Niedersachsen (Fördervertrag): 50 % der Gesamtkosten', amountCents: funderShare },
      { source: 'own', label: 'Eigenmittel Landkreis Peine (Produkt 3636 – übrige Hilfen)', amountCents: total - funderShare },
    ],
    milestones: milestones(PEINE),
  };
  const { applicationId } = await ensureApplication(w, org, programmeId, application);

  await w.ensure('funding_notice', {
    key: { organisation_id: org.id, application_id: applicationId },
    values: {
      decision: 'approved',
      approved_cents: funderShare,
      period_start: PEINE_PERIOD.start,
      period_end: PEINE_PERIOD.end,
      financing_type: 'share',
      rate_bp: PEINE_PROGRAMME.rateBp,
      conditions:
        'Privatrechtlicher Fördervertrag mit der Landesvereinigung für Gesundheit und Akademie für Sozialmedizin Niedersachsen e.V. ' +
        '(Stiftungsmittel). Anteilfinanzierung: 50 % der zuwendungsfähigen Ausgaben, höchstens 90.000,00 €. ' +
        'Vergütung höchstens nach TVöD (Besserstellungsverbot). Zwischennachweis je Haushaltsjahr bis 30.04. des Folgejahres; ' +
        'Verwendungsnachweis (Sachbericht und zahlenmäßiger Nachweis mit Belegliste) bis 30.09.2027.',
      issued_on: '2024-12-10',
      file_number: 'PKN-2024-PE-01',
    },
    conflict: ['organisation_id', 'application_id'],
  });

  // ---- the staff position, charged to Produkt 3636
  const position = await w.ensure('staff_position', {
    key: { organisation_id: org.id, title: PEINE_POSITION_TITLE },
    values: {
      application_id: applicationId,
      pay_scale: PEINE_COORDINATOR_POSITION.payScale,
      pay_group: PEINE_COORDINATOR_POSITION.payGroup,
      case_group: null,
      weekly_hours: String(PEINE_COORDINATOR_POSITION.weeklyHours),
      full_time_hours: String(PEINE_COORDINATOR_POSITION.fullTimeHours),
      start_on: PEINE_COORDINATOR_POSITION.start,
      end_on: PEINE_COORDINATOR_POSITION.end,
      funded_share_bp: PEINE_PROGRAMME.rateBp,
      budget_product_id: product.id,
      pay_account_id: account('620010'),
      reimbursement_account_id: account('541100'),
      account_overrides: json({ allowances: { SUE_ZULAGE: '620010' }, bonus: '620010', onCosts: { SV: '640010', ZVK: '647010' } }),
      status: 'planned',
    },
  });
  for (const s of PEINE_COORDINATOR_POSITION.stageHistory) {
    await w.ensure('position_stage', {
      key: { organisation_id: org.id, position_id: position.id, valid_from: s.from },
      values: { stage: s.stage },
      conflict: ['organisation_id', 'position_id', 'valid_from'],
    });
  }
  for (const a of PEINE_COORDINATOR_POSITION.allowances ?? []) {
    // amount and flags from the reference rows (allowance_rate)
    await w.ensure('position_allowance', {
      key: { organisation_id: org.id, position_id: position.id, kind: a.code },
      values: { name: 'SuE-Zulage', amount_cents: null, valid_from: null, valid_to: null },
    });
  }

  // ---- budget lines: plan = the schedule's yearly sums, per account (no actuals: the position workflow books them)
  for (const [year, y] of years) {
    const planned: Array<[string, Cents]> = [
      ['620010', y.gross],
      ['640010', y.onCosts['SV'] ?? 0],
      ['647010', y.onCosts['ZVK'] ?? 0],
      ['541100', y.reimbursement],
    ];
    for (const [number, cents] of planned) {
      await w.ensure('budget_line', {
        key: { organisation_id: org.id, product_id: product.id, account_id: account(number), fiscal_year: year },
        values: { planned_cents: cents },
        conflict: ['organisation_id', 'product_id', 'account_id', 'fiscal_year'],
      });
    }
  }

  // ---- council paper 2021/844 as in the seed, text from the documents fixture
  const v = VORLAGE_2021_844;
  const paper = await w.ensure('council_paper', {
    key: { organisation_id: org.id, number: v.reference },
    values: {
      application_id: applicationId,
      paper_type: v.paperType === 'Beschlussvorlage' ? 'decision' : 'information',
      public: v.isPublic,
      paper_date: v.date,
      lead_department_id: department(org, v.leadDepartment),
      participating_department_ids: v.participatingDepartments.map((name) => department(org, name)),
      costs_in_budget: v.costs.includedInBudget,
      cost_cents: v.costs.amountCents,
      county_executive_involved: v.costs.districtAdministratorInvolved,
      qualified_majority: v.costs.qualifiedMajorityRequired,
      relevance_gender_mainstreaming: v.relevance.genderMainstreaming,
      relevance_migration: v.relevance.migration,
      relevance_prevention_sustainability: v.relevance.preventionSustainability,
      relevance_education: v.relevance.education,
      relevance_climate: v.relevance.climateEnvironmentNature,
      title: v.title,
      sections: json({
        description: v.sections.description,
        goals: v.sections.goalsAndEffects,
        resources: v.sections.resources,
        conclusion: v.sections.conclusion,
        ...(v.sections.resolutionProposal ? { decisionProposal: v.sections.resolutionProposal } : {}),
      }),
      related_paper_numbers: v.relatedPapers.map((p) => p.reference),
      attachments: json(v.attachments.map((a) => ({ title: a.name }))),
      status: 'released',
    },
    conflict: ['organisation_id', 'number'],
  });
  const roles = { Kenntnisnahme: 'acknowledgement', Vorberatung: 'preliminary', Entscheidung: 'decision' } as const;
  for (const [i, c] of v.consultations.entries()) {
    await w.ensure('consultation', {
      key: { organisation_id: org.id, paper_id: paper.id, position: i + 1 },
      values: {
        committee_id: committee(org, c.committee),
        session_date: c.sessionDate,
        role: roles[c.role],
        public: c.isPublic,
        outcome: null,
        authoritative: c.role === 'Entscheidung',
      },
      conflict: ['organisation_id', 'paper_id', 'position'],
    });
  }

  return { organisation: org, applicationId, positionId: position.id, councilPaperId: paper.id };
}
