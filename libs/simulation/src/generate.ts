import type { Scenario, ScenarioApplication } from './scenario';

/*
 * A generated scenario for the benchmarks: N applications of one Landkreis over 3 years, each
 * with a council paper (JHA → Kreistag), one staff position and three milestones. The
 * applications start in six monthly cohorts, so many share their days (as in a real office).
 */

export interface GeneratorOptions {
  applications: number;
  /** period length in months (default 36) */
  months?: number;
  /** with a council paper per application (default true) */
  council?: boolean;
}

const GROUPS = [
  { payScale: 'TVOED_VKA_SUE', payGroup: 'S 12', allowances: ['SUE_ZULAGE'] },
  { payScale: 'TVOED_VKA_SUE', payGroup: 'S 11b', allowances: ['SUE_ZULAGE'] },
  { payScale: 'TVOED_VKA_SUE', payGroup: 'S 14', allowances: ['SUE_ZULAGE'] },
  { payScale: 'TVOED_VKA', payGroup: 'E 10', allowances: [] },
] as const;
const HOURS = ['39', '30', '19.5'] as const;
export const COHORTS = 6;

export function generateScenario(options: GeneratorOptions): Scenario {
  const n = options.applications;
  const months = options.months ?? 36;
  const council = options.council ?? true;
  const committees = [
    { name: 'Jugendhilfeausschuss', shortName: 'JHA', sessions: [] as string[] },
    { name: 'Kreistag', shortName: 'KT', sessions: [] as string[] },
  ];
  for (let c = 0; c < COHORTS; c++) {
    committees[0].sessions.push(`@anchor+${c}m+20d`);
    committees[1].sessions.push(`@anchor+${c + 1}m+10d`);
  }
  const applications: ScenarioApplication[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % COHORTS;
    const g = GROUPS[i % GROUPS.length];
    const key = `antrag-${String(i + 1).padStart(4, '0')}`;
    applications.push({
      key,
      title: `Projekt ${i + 1}: Netzwerk Frühe Hilfen, Sozialraum ${(i % 12) + 1}`,
      description: 'Generiertes Vorhaben (Benchmark).',
      leadDepartment: 'Fachdienst Jugend',
      created: `@anchor+${c}m+1d`,
      signedOff: `@anchor+${c}m+5d`,
      councilPaper: council
        ? {
            number: `{year}/${1000 + i}`,
            textFrom: null,
            title: `Vorhaben ${i + 1}: Beantragung der Zuwendung`,
            date: `@anchor+${c}m+6d`,
            sections: { description: ['Generierte Vorlage (Benchmark).'], goals: ['Ziele des Vorhabens.'], resources: ['Personal- und Sachkosten.'], conclusion: ['entfällt.'], decisionProposal: [] },
            consultations: [
              { committee: 'Jugendhilfeausschuss', session: `@anchor+${c}m+20d`, role: 'preliminary', outcome: 'recommended', text: 'Zustimmung empfohlen' },
              { committee: 'Kreistag', session: `@anchor+${c + 1}m+10d`, role: 'decision', outcome: 'decided', text: 'beschlossen' },
            ],
          }
        : null,
      submitted: `@anchor+${c + 1}m+14d`,
      notice: { issued: `@anchor+${c + 2}m+10d`, fileNumber: `GEN-${i + 1}` },
      period: { start: `@anchor+${c + 3}m`, months },
      materialCostsPerYearCents: 100_000,
      positions: [
        {
          title: `Fachkraft ${i + 1}`,
          payScale: g.payScale,
          payGroup: g.payGroup,
          stage: 2 + (i % 3),
          stageChanges: [],
          weeklyHours: HOURS[i % HOURS.length],
          fullTimeHours: '39',
          allowances: [...g.allowances],
          holderName: `Fachkraft ${i + 1}`,
          product: { number: '3636', name: 'übrige Hilfen' },
          accounts: { pay: '620010', socialSecurity: '640010', pension: '647010', reimbursement: '541100' },
        },
      ],
      milestones: [
        { title: 'Auftaktveranstaltung', due: '@periodStart+2m-1d', doneDaysAfterDue: -3 },
        { title: 'Konzept abgestimmt', due: '@periodStart+9m-1d', doneDaysAfterDue: i % 10 === 0 ? 12 : -5 },
        { title: 'Evaluation', due: '@periodStart+30m-1d', doneDaysAfterDue: -10 },
      ],
      disbursements: { everyMonths: 3, payoutDaysAfterRequest: 10 },
      interimReportDaysAfterDue: [-7],
      proofOfUseDaysAfterDue: -10,
      check: { daysAfterProof: 30 },
      closeDaysAfterCheck: 1,
    });
  }
  return {
    name: `Generiertes Szenario: ${n} Anträge über ${months} Monate`,
    anchor: null,
    assumedTariffIncreases: [{ from: '04-01', percent: '3.0', minimumIncreaseCents: 0 }],
    organisation: { slug: 'landkreis-generiert', name: 'Landkreis Generiert', kind: 'county', landCode: 'NI', departments: ['Fachdienst Jugend', 'Fachdienst Finanzen'], committees },
    programme: {
      funder: { name: 'Land Niedersachsen (generiert)', kind: 'land' },
      name: 'Generiertes Förderprogramm',
      legalBasis: 'land_grant',
      anbestVariant: 'P',
      ratePercent: '80',
      capCents: null,
      needsCouncilDecision: council,
      interimReportWaiver: 'none',
      proofOfUseMonths: 6,
      disbursementWindowMonths: 2,
      reminderDaysBefore: [28, 7],
      escalationDaysAfterDue: 7,
    },
    applications,
  };
}
