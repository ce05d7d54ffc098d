import { computeSchedule, type PositionInput, type ReferenceData } from '@app/personnel-costs';
import {
  ensureApplication,
  ensureProgramme,
  programmeShare,
  sumCents,
  type ApplicationSpec,
  type CostLineSpec,
  type MilestoneSpec,
  type ProgrammeSpec,
} from './funding';
import { ensureOrganisation, type OrganisationIds, type OrganisationSpec } from './structure';
import type { DemoWriter } from './writer';

/*
 * Hochsauerlandkreis (shared/seeds/002): the Kreisjugendamt's kommunale Präventionskette under
 * "kinderstark – NRW schafft Chancen" (seeds/003) with its lokale Netzwerke "Starke Kinder –
 * Starke Jugend": an offer to every Kommune of its Einzugsgebiet, one meeting per year and
 * Kommune. The seed counts 12 Kommunen and 4 Jugendämter; Arnsberg, Sundern and Schmallenberg
 * have their own Jugendämter, so the Kreisjugendamt serves the other 9.
 */

/** The 12 Städte und Gemeinden of the Hochsauerlandkreis. */
const HSK_MUNICIPALITIES = [
  { name: 'Arnsberg', kind: 'city' },
  { name: 'Bestwig', kind: 'municipality' },
  { name: 'Brilon', kind: 'city' },
  { name: 'Eslohe (Sauerland)', kind: 'municipality' },
  { name: 'Hallenberg', kind: 'city' },
  { name: 'Marsberg', kind: 'city' },
  { name: 'Medebach', kind: 'city' },
  { name: 'Meschede', kind: 'city' },
  { name: 'Olsberg', kind: 'city' },
  { name: 'Schmallenberg', kind: 'city' },
  { name: 'Sundern (Sauerland)', kind: 'city' },
  { name: 'Winterberg', kind: 'city' },
] as const;

/** Kommunen with their own Jugendamt (not in the Kreisjugendamt's Einzugsgebiet). */
const OWN_YOUTH_OFFICE = new Set(['Arnsberg', 'Sundern (Sauerland)', 'Schmallenberg']);

export const HSK: OrganisationSpec = {
  slug: 'hochsauerlandkreis',
  name: 'Hochsauerlandkreis',
  kind: 'county',
  landCode: 'NW',
  youthOffice: 'Kreisjugendamt',
  departments: [
    { name: 'Kreisjugendamt' },
    { name: 'Gesundheitsamt' },
    { name: 'Sozialamt' },
    { name: 'Kämmerei' },
    { name: 'Büro des Kreistages' },
  ],
  municipalities: HSK_MUNICIPALITIES,
  committees: [
    { name: 'Jugendhilfeausschuss', shortName: 'JHA', sessions: ['2025-11-17', '2026-02-09'] },
    { name: 'Kreisausschuss', shortName: 'KA', sessions: ['2026-02-27'] },
    { name: 'Kreistag', shortName: 'KT', sessions: ['2026-03-13'] },
  ],
};

export const HSK_PROGRAMME: ProgrammeSpec = {
  funder: {
    name: 'Ministerium für Kinder, Jugend, Familie, Gleichstellung, Flucht und Integration des Landes Nordrhein-Westfalen',
    kind: 'land',
  },
  name: 'kinderstark – NRW schafft Chancen',
  // Zuwendung nach § 44 LHO, beantragt beim Landesjugendamt (LWL); ANBest-G; Weiterleitung an freie Träger zulässig
  legalBasis: 'land_grant',
  anbestVariant: 'G',
  financingType: 'share',
  rateBp: 8000,
  capCents: null,
  passOnAllowed: true,
  interimReportDue: '04-30',
  interimReportWaiver: 'none',
  proofOfUseMonths: 6,
  disbursementWindowUnit: 'months',
  disbursementWindowLength: 2,
  minPeriodMonths: null,
  // Förderaufruf je Haushaltsjahr
  maxPeriodMonths: 12,
};

export const HSK_PERIOD = { start: '2026-01-01', end: '2026-12-31' } as const;

/** Netzwerkkoordination (Handlungsfeld 1): full-time S 12 Stufe 4, SuE-Zulage, 80 % Anteilfinanzierung. */
export const HSK_NETWORK_COORDINATOR: PositionInput = {
  id: 'demo:hochsauerlandkreis:netzwerkkoordination-kinderstark',
  payScale: 'TVOED_VKA_SUE',
  payGroup: 'S 12',
  start: HSK_PERIOD.start,
  end: HSK_PERIOD.end,
  stageHistory: [{ from: HSK_PERIOD.start, stage: 4 }],
  weeklyHours: '39',
  fullTimeHours: '39',
  allowances: [{ code: 'SUE_ZULAGE' }],
  fundingPeriod: { from: HSK_PERIOD.start, to: HSK_PERIOD.end },
  financing: { type: 'share', ratePercent: '80', cap: null },
};

const DESCRIPTION = [
  'Kommunale Präventionsketten im Hochsauerlandkreis – Netzwerkarbeit des Kreisjugendamtes. Handlungsfeld 1: Kommunale ' +
    'Koordinierung der Präventionsketten als Grundvoraussetzung; Ziel ist eine Gesamtstrategie zur Kinder- und ' +
    'Jugendarmutsprävention, an kommunale Bedingungen angepasst, vom Kind aus gedacht, fach- und dezernatsübergreifend und ' +
    'partizipativ gestaltet.',
  'Erste Schritte: Steuerungsgruppe im Jugendamt (Fernziel: interdisziplinäre Steuerungsgruppe), Neuausrichtung der Frühen Hilfen ' +
    'zur kommunalen Präventionskette, lokale Netzwerke „Starke Kinder – Starke Jugend“ als generelles Angebot für alle Kommunen im ' +
    'Einzugsgebiet: politischer Beschluss als Voraussetzung, Auftaktveranstaltung mit politischen Vertretern, 1 Treffen pro Jahr ' +
    'pro Kommune mit Themenschwerpunkt und interdisziplinärem Austausch (Austausch- und Informationsformat, kein Produktionsnetzwerk).',
].join('\n\n');

function milestones(): MilestoneSpec[] {
  const list: MilestoneSpec[] = [
    { title: 'Steuerungsgruppe im Jugendamt eingerichtet', dueOn: '2026-03-31', owner: 'fachdienstleitung' },
    { title: 'Neuausrichtung der Frühen Hilfen zur kommunalen Präventionskette', dueOn: '2026-06-30', owner: 'jugendamt' },
    { title: 'Bestandsaufnahme und Strukturanalyse der Angebote', dueOn: '2026-09-30', owner: 'jugendamt' },
  ];
  for (const m of HSK_MUNICIPALITIES) {
    if (OWN_YOUTH_OFFICE.has(m.name)) continue;
    list.push({ title: `Lokales Netzwerk „Starke Kinder – Starke Jugend“ ${m.name}: Netzwerktreffen 2026`, dueOn: '2026-12-31', owner: 'jugendamt' });
  }
  return list;
}

export async function seedHochsauerlandkreis(w: DemoWriter, ref: ReferenceData): Promise<{ organisation: OrganisationIds; applicationId: string }> {
  const org = await ensureOrganisation(w, HSK);
  const programmeId = await ensureProgramme(w, org, HSK_PROGRAMME);

  const schedule = computeSchedule(HSK_NETWORK_COORDINATOR, ref);
  const networks = HSK_MUNICIPALITIES.filter((m) => !OWN_YOUTH_OFFICE.has(m.name)).length;
  const costPlan: CostLineSpec[] = [
    {
      category: 'personnel',
      label: 'Personalkosten Netzwerkkoordination Präventionskette (S 12 TVöD SuE, 39 Std.) 2026',
      fiscalYear: 2026,
      amountCents: schedule.totals.totalCost,
    },
    { category: 'material', label: `Netzwerktreffen „Starke Kinder – Starke Jugend“ (${networks} Kommunen à 400 €)`, fiscalYear: 2026, amountCents: networks * 40_000 },
    { category: 'material', label: 'Fachliche Impulsvorträge (Honorare)', fiscalYear: 2026, amountCents: 150_000 },
  ];
  const total = sumCents(costPlan.map((l) => l.amountCents));
  const share = programmeShare(HSK_PROGRAMME, total);
  const application: ApplicationSpec = {
    title: 'Kommunale Präventionskette im Hochsauerlandkreis: Netzwerkkoordination und lokale Netzwerke „Starke Kinder – Starke Jugend“',
    description: DESCRIPTION,
    leadDepartment: HSK.youthOffice,
    periodStart: HSK_PERIOD.start,
    periodEnd: HSK_PERIOD.end,
    status: 'submitted',
    revisionReason: 'Erstantrag zum Förderaufruf 2026',
    costPlan,
    financingPlan: [
      { source: 'funder', label: 'Land NRW, kinderstark 2026: 80 % Anteilfinanzierung', amountCents: share },
      { source: 'own', label: 'Eigenmittel Hochsauerlandkreis', amountCents: total - share },
    ],
    milestones: milestones(),
  };
  const { applicationId } = await ensureApplication(w, org, programmeId, application);
  return { organisation: org, applicationId };
}
