import { computeSchedule, type PositionInput, type ReferenceData } from '@app/personnel-costs';
import { ensureApplication, ensureProgramme, sumCents, type ApplicationSpec, type CostLineSpec, type ProgrammeSpec } from './funding';
import { ensureOrganisation, type OrganisationIds, type OrganisationSpec } from './structure';
import type { DemoWriter } from './writer';

/*
 * Landkreis Kassel (shared/seeds/000): 28 Städte und Gemeinden (11 Städte, 17 Gemeinden), the
 * model region Stadt Naumburg and its outlook "Gründung eines Familienzentrums – wird aktuell
 * beantragt; eine Stelle für die Leitung des Familienzentrums wird eingerichtet". The programme
 * is the Land's "Etablierung von Familienzentren in Hessen" (Festbetrag up to 18,000 € per
 * Einrichtung and year, Bewilligungsbehörde Regierungspräsidium Kassel).
 */

export const KASSEL: OrganisationSpec = {
  slug: 'landkreis-kassel',
  name: 'Landkreis Kassel',
  kind: 'county',
  landCode: 'HE',
  youthOffice: 'Jugendamt',
  // seed 000: Steuerungsgruppe of Jugendamt, Sozialamt, Amt für Migration, Gesundheitsamt, …
  departments: [
    { name: 'Jugendamt' },
    { name: 'Gesundheitsamt' },
    { name: 'Sozialamt' },
    { name: 'Amt für Migration' },
    { name: 'Kämmerei' },
    { name: 'Büro des Kreistages' },
  ],
  municipalities: [
    // 11 Städte
    ...['Bad Karlshafen', 'Baunatal', 'Grebenstein', 'Hofgeismar', 'Immenhausen', 'Liebenau', 'Naumburg', 'Trendelburg', 'Vellmar', 'Wolfhagen', 'Zierenberg'].map(
      (name) => ({ name, kind: 'city' as const }),
    ),
    // 17 Gemeinden (Wesertal: Oberweser and Wahlsburg merged in 2020)
    ...[
      'Ahnatal',
      'Bad Emstal',
      'Breuna',
      'Calden',
      'Espenau',
      'Fuldabrück',
      'Fuldatal',
      'Habichtswald',
      'Helsa',
      'Kaufungen',
      'Lohfelden',
      'Nieste',
      'Niestetal',
      'Reinhardshagen',
      'Schauenburg',
      'Söhrewald',
      'Wesertal',
    ].map((name) => ({ name, kind: 'municipality' as const })),
  ],
  committees: [
    { name: 'Jugendhilfeausschuss', shortName: 'JHA', sessions: ['2025-09-15', '2026-02-16'] },
    { name: 'Kreisausschuss', shortName: 'KA', sessions: ['2026-03-02'] },
    { name: 'Kreistag', shortName: 'KT', sessions: ['2026-03-16'] },
  ],
};

export const KASSEL_PROGRAMME: ProgrammeSpec = {
  funder: { name: 'Land Hessen – Regierungspräsidium Kassel (Bewilligungsbehörde)', kind: 'land' },
  name: 'Etablierung von Familienzentren in Hessen',
  legalBasis: 'land_grant',
  anbestVariant: 'G',
  // Festbetragsfinanzierung, bis zu 18.000 € pro Einrichtung und Jahr; granted per Haushaltsjahr (max. 12 months), so the cap is per application
  financingType: 'fixed',
  rateBp: null,
  capCents: 1_800_000,
  passOnAllowed: false,
  interimReportDue: '04-30',
  interimReportWaiver: 'none',
  proofOfUseMonths: 6,
  disbursementWindowUnit: 'months',
  disbursementWindowLength: 2,
  minPeriodMonths: null,
  maxPeriodMonths: 12,
};

export const KASSEL_PERIOD = { start: '2026-01-01', end: '2026-12-31' } as const;

/** Leitung des Familienzentrums: half-time S 11b Stufe 2, SuE-Zulage, for the Förderjahr 2026. */
export const KASSEL_FAMILY_CENTRE_LEAD: PositionInput = {
  id: 'demo:landkreis-kassel:leitung-familienzentrum-naumburg',
  payScale: 'TVOED_VKA_SUE',
  payGroup: 'S 11b',
  start: KASSEL_PERIOD.start,
  end: KASSEL_PERIOD.end,
  stageHistory: [{ from: KASSEL_PERIOD.start, stage: 2 }],
  weeklyHours: '19.5',
  fullTimeHours: '39',
  allowances: [{ code: 'SUE_ZULAGE' }],
  fundingPeriod: { from: KASSEL_PERIOD.start, to: KASSEL_PERIOD.end },
  financing: { type: 'fixed', amount: 1_800_000 },
};

const DESCRIPTION = [
  'Modellregion „Stadt Naumburg“ der Präventionsketten im Landkreis Kassel: 5111 Einwohner*innen, Kernstadt plus 4 Ortsteile ' +
    'in der südwestlichen Peripherie, 3 Kitas und 1 Grundschule, agiles Vereinswesen; Wegfall der kommunalen Jugendarbeit in 2018, ' +
    'signifikant erhöhte HZE-Fälle und KWG-Meldungen. Es fehlt an Vernetzung – der Bevölkerung untereinander, der Bevölkerung mit ' +
    'den Angeboten der Kommune und der Kommune mit dem Landkreis.',
  'Entstanden sind Willkommensbesuche (ca. 40 Besuche im Jahr), ein Babycafé, ein Elternkurs mit den Frühen Hilfen, ' +
    'ein niedrigschwelliges Sprachangebot, eine Vereinsbörse, der Markt der Familienleistungen und ein Gesundheitstag in Naumburg.',
  'Ausblick: Gründung eines Familienzentrums. Durch Gelder aus der Dorfentwicklung können im Keller des HDG Räumlichkeiten ' +
    'umgestaltet und eingerichtet werden; eine Stelle für die Leitung des Familienzentrums wird eingerichtet, etablierte Angebote ' +
    'und Formate werden beibehalten (hauptamtliche Schnittstelle auf der Ebene der Gemeinde zu externen Institutionen).',
].join('\n\n');

export async function seedKassel(w: DemoWriter, ref: ReferenceData): Promise<{ organisation: OrganisationIds; applicationId: string }> {
  const org = await ensureOrganisation(w, KASSEL);
  const programmeId = await ensureProgramme(w, org, KASSEL_PROGRAMME);

  const schedule = computeSchedule(KASSEL_FAMILY_CENTRE_LEAD, ref);
  const costPlan: CostLineSpec[] = [
    {
      category: 'personnel',
      label: 'Personalkosten Leitung des Familienzentrums (S 11b TVöD SuE, 19,5 Std.) 2026',
      fiscalYear: 2026,
      amountCents: schedule.totals.totalCost,
    },
    { category: 'material', label: 'Angebote: Babycafé, Elternkurs, Willkommensbesuche, Markt der Familienleistungen', fiscalYear: 2026, amountCents: 250_000 },
    { category: 'material', label: 'Fortbildungen und Vernetzungstreffen', fiscalYear: 2026, amountCents: 80_000 },
  ];
  const total = sumCents(costPlan.map((l) => l.amountCents));
  const festbetrag = Math.min(KASSEL_PROGRAMME.capCents ?? 0, total);
  const application: ApplicationSpec = {
    title: 'Modellregion Stadt Naumburg: Gründung eines Familienzentrums',
    description: DESCRIPTION,
    leadDepartment: KASSEL.youthOffice,
    periodStart: KASSEL_PERIOD.start,
    periodEnd: KASSEL_PERIOD.end,
    status: 'submitted',
    revisionReason: 'Erstantrag (Förderjahr 2026, Antrag bis 31.10.2025 beim Regierungspräsidium Kassel)',
    costPlan,
    financingPlan: [
      { source: 'funder', label: 'Land Hessen: Festbetrag Familienzentren 2026', amountCents: festbetrag },
      { source: 'own', label: 'Eigenmittel Landkreis Kassel und Stadt Naumburg', amountCents: total - festbetrag },
    ],
    milestones: [
      { title: 'Räume des Familienzentrums im HDG umgestaltet und eingerichtet (Mittel der Dorfentwicklung)', dueOn: '2026-03-31', owner: 'jugendamt' },
      { title: 'Leitung des Familienzentrums eingestellt', dueOn: '2026-03-31', owner: 'fachdienstleitung' },
      { title: 'Familienzentrum Naumburg eröffnet', dueOn: '2026-05-31', owner: 'jugendamt' },
      { title: 'Markt der Familienleistungen in Naumburg', dueOn: '2026-09-30', owner: 'jugendamt' },
      { title: 'Bericht der Modellregion in der Steuerungsgruppe', dueOn: '2026-11-30', owner: 'fachdienstleitung' },
    ],
  };
  const { applicationId } = await ensureApplication(w, org, programmeId, application);
  return { organisation: org, applicationId };
}
