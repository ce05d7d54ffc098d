import { DataSource } from 'typeorm';
import type { CostPlanLineEntity, OrganisationEntity } from '@app/database';
import {
  createAccount,
  createApplicationWithPlans,
  createBudgetLine,
  createBudgetProduct,
  createCommittee,
  createDepartment,
  createFunder,
  createProgramme,
  createStaffPosition,
} from './factories';

/**
 * The data the funding documents are generated from, small but complete, for one organisation:
 *  - `running`: an application of "Präventionsketten Niedersachsen" (Fördervertrag, 50 %
 *    Anteilfinanzierung) granted for 01.07.2025–30.06.2028, with a Kostenplan per fiscal year
 *    (and one line for the whole period), a Finanzierungsplan with a third party, milestones,
 *    receipts, two Mittelabrufe and the payments;
 *  - `planned`: an application of another programme whose period begins next year, no notice;
 *  - budget: product 3636 with two accounts, lines for 2026 and ledger entries (one position month).
 * Dates that must lie after today (the application's start, the committee's session) are taken
 * relative to the database's today, so the documents do not depend on when the test runs.
 */
export interface DocumentData {
  departmentName: string;
  committee: { id: string; name: string; sessionDate: string };
  running: {
    programmeId: string;
    programmeName: string;
    applicationId: string;
    title: string;
    disbursementRequestIds: [string, string];
    positionId: string;
  };
  planned: { applicationId: string; title: string; periodStart: string };
  budget: { productId: string; productNumber: string; fiscalYear: number };
}

export const RUNNING_PERIOD = { start: '2025-07-01', end: '2028-06-30' } as const;
export const PERSONNEL_LABEL = 'Netzwerkkoordination (S 12, 39 h)';
export const MATERIAL_LABEL = 'Sachkosten Netzwerktreffen und Öffentlichkeitsarbeit';

type PlanLine = Pick<CostPlanLineEntity, 'category' | 'label' | 'amountCents' | 'fiscalYear'>;

export async function seedDocumentData(ds: DataSource, org: OrganisationEntity): Promise<DocumentData> {
  const q = (sql: string, params: unknown[]) => ds.query(sql, params);
  const [{ today, nextYear, sessionDate }] = await ds.query(
    `SELECT to_char(current_date, 'YYYY-MM-DD') AS today, extract(year FROM current_date)::int + 1 AS "nextYear", to_char(current_date + 14, 'YYYY-MM-DD') AS "sessionDate"`,
  );
  void today;
  const department = await createDepartment(ds, org, { name: 'Fachdienst Jugendamt' });
  const committee = await createCommittee(ds, org, { name: 'Jugendhilfeausschuss' });
  await q(`INSERT INTO committee_session (organisation_id, committee_id, session_date) VALUES ($1, $2, $3)`, [org.id, committee.id, sessionDate]);

  // ---- the running application
  const funder = await createFunder(ds, org, { kind: 'foundation', name: 'Landesvereinigung für Gesundheit und Akademie für Sozialmedizin Niedersachsen e. V.' });
  const programme = await createProgramme(ds, org, {
    funderId: funder.id,
    name: 'Präventionsketten Niedersachsen: Gesund aufwachsen für alle Kinder!',
    legalBasis: 'private_contract',
    anbestVariant: 'P',
    financingType: 'share',
    rateBp: 5000,
  });
  const costPlan: PlanLine[] = [
    { category: 'personnel', label: PERSONNEL_LABEL, fiscalYear: 2025, amountCents: 3_000_000 },
    { category: 'personnel', label: PERSONNEL_LABEL, fiscalYear: 2026, amountCents: 6_000_000 },
    { category: 'personnel', label: PERSONNEL_LABEL, fiscalYear: 2027, amountCents: 6_000_000 },
    { category: 'personnel', label: PERSONNEL_LABEL, fiscalYear: 2028, amountCents: 3_000_000 },
    { category: 'material', label: MATERIAL_LABEL, fiscalYear: null, amountCents: 1_200_000 },
  ];
  const title = 'Aufbau einer kommunalen Präventionskette (Netzwerkkoordination)';
  const running = await createApplicationWithPlans(
    ds,
    org,
    {
      programmeId: programme.id,
      leadDepartmentId: department.id,
      title,
      description: 'Eine Vollzeitstelle für eine/n Netzwerkkoordinator/in Präventionsketten für die Dauer von drei Jahren.\n\nDie Präventionskette verbindet die Angebote für Kinder bis zehn Jahre in allen Gemeinden des Landkreises.',
      periodStart: RUNNING_PERIOD.start,
      periodEnd: RUNNING_PERIOD.end,
      status: 'disbursing',
    },
    {
      costPlan,
      financingPlan: [
        { source: 'funder', label: 'Präventionsketten Niedersachsen (Fördervertrag): 50 %', amountCents: 9_600_000 },
        { source: 'own', label: 'Eigenmittel Landkreis (Produkt 3636)', amountCents: 9_200_000 },
        { source: 'third_party', label: 'Bürgerstiftung (Zuschuss Beteiligungsprojekte)', amountCents: 400_000 },
      ],
    },
  );
  await q(
    `INSERT INTO funding_notice (organisation_id, application_id, decision, approved_cents, period_start, period_end, issued_on, file_number)
     VALUES ($1, $2, 'approved', 9600000, $3, $4, '2025-06-15', 'PKN-2025-017')`,
    [org.id, running.id, RUNNING_PERIOD.start, RUNNING_PERIOD.end],
  );
  const receipts: Array<[string, string, string, number, 'personnel' | 'material', string]> = [
    ['2025-07-31', 'Landkreis Peine (Entgeltabrechnung)', 'Personalausgaben 07/2025', 480_000, 'personnel', PERSONNEL_LABEL],
    ['2025-09-15', 'Catering Lindenhof, Peine', 'Verpflegung Netzwerktreffen Ilsede', 35_000, 'material', MATERIAL_LABEL],
    ['2025-12-31', 'Landkreis Peine (Entgeltabrechnung)', 'Personalausgaben 08–12/2025', 2_400_000, 'personnel', PERSONNEL_LABEL],
    ['2026-03-31', 'Landkreis Peine (Entgeltabrechnung)', 'Personalausgaben 01–03/2026', 1_450_000, 'personnel', PERSONNEL_LABEL],
    ['2026-05-20', 'Druckerei Hahn, Peine', 'Flyer „Präventionskette“, 2.000 Stück', 64_260, 'material', MATERIAL_LABEL],
  ];
  for (const [i, [date, payee, reason, amount, category, label]] of receipts.entries()) {
    await q(
      `INSERT INTO receipt (organisation_id, application_id, sequence_no, receipt_date, payee, reason, amount_cents, cost_category, cost_plan_label)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [org.id, running.id, i + 1, date, payee, reason, amount, category, label],
    );
  }
  const request = async (n: number, requestedOn: string, payout: string, amount: number, from: string, to: string, status: string): Promise<string> =>
    (
      await q(
        `INSERT INTO disbursement_request (organisation_id, application_id, sequence_no, requested_on, payout_date, amount_cents, covers_from, covers_to, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [org.id, running.id, n, requestedOn, payout, amount, from, to, status],
      )
    )[0].id;
  const first = await request(1, '2025-07-10', '2025-08-01', 1_000_000, '2025-08-01', '2025-09-30', 'paid');
  const second = await request(2, '2026-01-10', '2026-02-01', 900_000, '2026-02-01', '2026-03-31', 'sent');
  await q(`INSERT INTO payment_received (organisation_id, application_id, disbursement_request_id, received_on, amount_cents) VALUES ($1, $2, $3, '2025-08-04', 1000000)`, [org.id, running.id, first]);
  const milestones: Array<[string, string, string | null, string | null]> = [
    ['Stelle Netzwerkkoordination besetzt', '2025-07-01', '2025-07-01', 'Arbeitsvertrag vom 16.06.2025'],
    ['Steuerungsgruppe eingerichtet', '2025-09-30', '2025-09-14', 'Protokoll der konstituierenden Sitzung vom 14.09.2025'],
    ['Bestandsaufnahme der Angebote für Kinder bis zehn Jahre', '2026-03-31', null, null],
  ];
  for (const [t, due, done, evidence] of milestones) {
    await q(
      `INSERT INTO programme_milestone (organisation_id, application_id, title, due_on, status, evidence, done_on) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [org.id, running.id, t, due, done ? 'done' : 'open', evidence, done],
    );
  }

  // ---- budget of 2026 with one position month in the ledger
  const product = await createBudgetProduct(ds, org, { number: '3636', name: 'übrige Hilfen' });
  const pay = await createAccount(ds, org, { number: '501200', name: 'Entgelte Beschäftigte', kind: 'expense' });
  const reimbursement = await createAccount(ds, org, { number: '414100', name: 'Erstattungen vom Land', kind: 'revenue' });
  const payLine = await createBudgetLine(ds, org, { productId: product.id, accountId: pay.id, fiscalYear: 2026, plannedCents: 6_000_000 });
  const revenueLine = await createBudgetLine(ds, org, { productId: product.id, accountId: reimbursement.id, fiscalYear: 2026, plannedCents: 3_000_000 });
  const position = await createStaffPosition(ds, org, {
    applicationId: running.id,
    title: 'Netzwerkkoordination Präventionskette',
    budgetProductId: product.id,
    startOn: RUNNING_PERIOD.start,
    endOn: `${nextYear + 1}-06-30`,
    status: 'filled',
  });
  const ledger: Array<[string, string, string, number, string, string]> = [
    [payLine.id, '2026-01-31', 'actual', 420_000, 'Tabellenentgelt S 12 Stufe 3 2026-01', `position:${position.id}:2026-01:basePay`],
    [payLine.id, '2026-01-31', 'actual', 84_000, 'Sozialversicherung AG-Anteil 2026-01', `position:${position.id}:2026-01:onCost:SV`],
    [revenueLine.id, '2026-01-31', 'reimbursement', 252_000, 'Erstattung Zuwendungsgeber 2026-01', `position:${position.id}:2026-01:reimbursement`],
    [payLine.id, '2026-03-02', 'commitment', 150_000, 'Mittelbindung Honorar Fachtag', 'manual:fachtag-2026'],
  ];
  for (const [line, date, kind, amount, text, key] of ledger) {
    await q(
      `INSERT INTO ledger_entry (organisation_id, budget_line_id, booked_on, kind, amount_cents, text, reference, dedup_key, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'test')`,
      [org.id, line, date, kind, amount, text, key.startsWith('position:') ? key.split(':').slice(0, 3).join(':') : 'HR-2026-117', key],
    );
  }

  // ---- an application still to be filed (period from next year, no notice)
  const planned = await createApplicationWithPlans(ds, org, {
    leadDepartmentId: department.id,
    title: 'Familienzentrum Vechelde',
    description: 'Aufbau eines Familienzentrums in der Gemeinde Vechelde mit Beratung, Elterncafé und offenen Angeboten.',
    periodStart: `${nextYear}-01-01`,
    periodEnd: `${nextYear + 2}-06-30`,
  });

  return {
    departmentName: department.name,
    committee: { id: committee.id, name: committee.name, sessionDate },
    running: {
      programmeId: programme.id,
      programmeName: programme.name,
      applicationId: running.id,
      title,
      disbursementRequestIds: [first, second],
      positionId: position.id,
    },
    planned: { applicationId: planned.id, title: planned.title, periodStart: planned.periodStart },
    budget: { productId: product.id, productNumber: '3636', fiscalYear: 2026 },
  };
}
