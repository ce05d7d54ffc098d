import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createReadStream } from 'node:fs';
import { decodePNGFromStream } from 'pureimage';
import * as ExcelJS from 'exceljs';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { interimReportDueDates } from '@app/calendar';
import { readReferenceData } from '@app/database';
import { PROOF_OF_USE_SHEETS } from '@app/document-generation';
import { SHEET_LEDGER } from '@app/workbooks';
import { computeSchedule } from '@app/personnel-costs';
import {
  CHART_SIZE,
  peakRssMb,
  readScenarioFile,
  runScenario,
  TIMELINE_HEADER,
  writeOutputs,
  type Scenario,
  type SimulationResult,
  type WrittenOutput,
} from '@app/simulation';
import { createActivities } from '../../apps/worker/src/activities';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { extractPageTexts, normalizePdfText } from '../support/pdf-text';
import { createTimeSkippingEnv, workflowBundle } from '../support/temporal';

/*
 * scenarios/peine.yaml end to end on the real parts: PostgreSQL (a fresh test database), the
 * time-skipping test server (its JVM build, as `simulate` runs it), a worker with the real activities.
 *
 * The anchor. The expectations below are written for the anchor 2030-01-01. The server starts
 * at the real "now" and cannot go back, so once 2030 has come the test moves the anchor by 28
 * years (2058, 2086): in the Gregorian calendar weekdays repeat every 28 years as long as no
 * century year lies between (2100 does not), and every date the rules produce here is a fixed
 * date (30.04., 31.10., month ends) or a weekday shift of one — none is near Easter — so the
 * same expectations hold with the year moved. No time bomb before 2099.
 *
 * How the expected dates follow (anchor A = 2030-01-01, scenario offsets in peine.yaml, NI):
 * - application A+1d = 02.01.2030, sign-off A+6d = 07.01.; Beratungsfolge JHA A+1m+20d = 21.02.,
 *   KA A+2m+4d = 05.03., Kreistag A+2m+20d = 21.03.2030 (decides); submitted 26.03., notice 15.04.
 * - period @anchor+4m for 36 months: 01.05.2030–30.04.2033 → 36 monthly bookings 2030-05..2033-04.
 * - Zwischennachweis (PERSONNEL-COSTS.md § 7): one for every fiscal year whose 31.12. lies before
 *   the end of the period: 2030, 2031, 2032 (31.12.2032 < 30.04.2033) → 3, due 30.04. of the next
 *   year: 30.04.2031 (Wed), 30.04.2032 (Fri), 30.04.2033 (Sat → effective Mon 02.05.2033, § 31
 *   Abs. 3 VwVfG; 01.05. is a Sunday and a holiday).
 * - Verwendungsnachweis: last day of the 6th month after the month the period ends (April 2033)
 *   = 31.10.2033, Reformationstag in Niedersachsen → effective Tue 01.11.2033.
 * - reminders 28 and 7 days before the NOMINAL date; escalation 7 days after the EFFECTIVE date
 *   when not submitted. The scenario submits the reports 10 and 3 days before and 9 days after:
 *   2030 on 20.04.2031 (28-day reminder 02.04.2031 sent, 7-day 23.04. skipped); 2031 on
 *   27.04.2032 (02.04. and 23.04.2032 sent); 2032 on 09.05.2033 (02.04. and 23.04.2033 sent, and
 *   the escalation on 02.05. + 7 = 09.05.2033 at 06:00, before the report at noon).
 *   The proof of use on 31.10. − 14 = 17.10.2033: reminder 03.10.2033 sent (nominal − 28, no
 *   shift for reminders), 24.10. skipped.
 * - position end reminder: 6 months before the end: addMonths(30.04.2033, −6) = 30.10.2032.
 * - milestone "Bestandsaufnahme" due @periodStart+8m−1d = 31.12.2030 (Tue), done 10 days later:
 *   escalation 31.12.2030 + 7 = 07.01.2031.
 */
const PINNED_ANCHOR_YEAR = 2030;

/** 9000000 → "90.000,00" (as the documents print amounts) */
const de = (cents: number): string => {
  const [int, frac] = (Math.abs(cents) / 100).toFixed(2).split('.');
  return `${cents < 0 ? '-' : ''}${int.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${frac}`;
};
const pdfText = async (pdf: Buffer): Promise<string> => normalizePdfText((await extractPageTexts(pdf, { skipArtifacts: true })).join('\n'));
/** the result of every formula, the value of every other cell */
const cellValues = (sheet: ExcelJS.Worksheet): unknown[] => {
  const values: unknown[] = [];
  sheet.eachRow((row) => row.eachCell((cell) => values.push(cell.value && typeof cell.value === 'object' && 'formula' in cell.value ? cell.value.result : cell.value)));
  return values;
};

describe('foerderwerk simulate: scenarios/peine.yaml', () => {
  let db: TestDatabase;
  let env: TestWorkflowEnvironment;
  let scenario: Scenario;
  let result: SimulationResult;
  let out: WrittenOutput;
  let outDir: string;
  let shift = 0;
  /** a date of the 2030-based expectations in the anchor's cycle */
  const d = (date: string) => `${Number(date.slice(0, 4)) + shift}${date.slice(4)}`;

  beforeAll(async () => {
    // the JVM build of the test server: the one `simulate` starts where Java is there (every other test runs the native build)
    [db, env] = await Promise.all([createTestDatabase(), createTimeSkippingEnv('jvm')]);
    const now = await env.currentTimeMs();
    while (Date.parse(`${PINNED_ANCHOR_YEAR + shift}-01-01T00:00:00Z`) <= now) shift += 28;
    scenario = await readScenarioFile(path.join(__dirname, '../../scenarios/peine.yaml'));
    result = await runScenario(scenario, { createActivities, anchor: d('2030-01-01'), dataSource: db.dataSource, env, workflowBundle: workflowBundle() });
    outDir = await mkdtemp(path.join(tmpdir(), 'fw-simulate-'));
    out = await writeOutputs(result, scenario, outDir, { peakRssMb: peakRssMb() });
  });
  afterAll(async () => {
    await result?.close();
    await env?.teardown();
    await db?.drop();
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('consults the council paper along its Beratungsfolge and the Kreistag decides', () => {
    const paper = result.applications[0].councilPaper;
    expect(paper?.paperNumber).toBe(`${2030 + shift}/844`);
    expect(paper?.result).toBe('approved');
    expect(paper?.consultations.map((c) => [c.committeeName, c.sessionDate, c.outcome])).toEqual([
      ['Jugendhilfeausschuss', d('2030-02-21'), 'recommended'],
      ['Kreisausschuss', d('2030-03-05'), 'recommended'],
      ['Kreistag', d('2030-03-21'), 'decided'],
    ]);
    expect(paper?.applicationNotified).toBe('signalled');
    expect(result.applications[0].application.council).toEqual({ paperId: expect.any(String), result: 'approved', concludedOn: d('2030-03-21') });
  });

  it('walks the application through notice, reports, proof of use, check and close', () => {
    const app = result.applications[0].application;
    expect(app.status).toBe('closed');
    expect(app.notice).toMatchObject({ decision: 'approved', periodStart: d('2030-05-01'), periodEnd: d('2033-04-30'), issuedOn: d('2030-04-15') });
    expect(app.history.map((t) => [t.to, t.on])).toEqual([
      ['internal_review', d('2030-01-02')],
      ['council_consultation', d('2030-01-07')],
      ['submitted', d('2030-03-26')],
      ['approved', d('2030-04-15')],
      ['disbursing', d('2030-05-11')],
      ['reporting', d('2031-04-20')],
      ['proof_of_use_due', d('2033-05-01')],
      ['proof_submitted', d('2033-10-17')],
      ['checked', d('2033-11-16')],
      ['closed', d('2033-11-17')],
    ]);
  });

  it('books exactly 36 months whose totals equal the cost engine on the same reference rows, to the cent, within the cap', async () => {
    const outcome = result.applications[0];
    const ref = await readReferenceData(db.dataSource.manager);
    const prepared = result.prepared.applications[0].positions[0];
    const schedule = computeSchedule(prepared.input, ref);
    expect(schedule.months).toHaveLength(36);
    expect(outcome.ledger.bookings).toBe(36);
    expect(outcome.positions[0].state.monthsBooked).toBe(36);
    const months: Array<{ reference: string }> = await db.dataSource.query(`SELECT DISTINCT reference FROM ledger_entry WHERE reference LIKE $1 ORDER BY reference`, [`position:${prepared.id}:%`]);
    expect(months.map((m) => m.reference.split(':')[2])).toEqual(schedule.months.map((m) => m.month));
    // the booking of its last month ended the Stelle, with its audit event
    const [position]: Array<{ status: string }> = await db.dataSource.query(`SELECT status FROM staff_position WHERE id = $1`, [prepared.id]);
    expect(position.status).toBe('ended');
    const ended: Array<{ reason: string }> = await db.dataSource.query(`SELECT reason FROM audit_event WHERE action = 'position.ended' AND subject_id = $1`, [prepared.id]);
    expect(ended).toEqual([{ reason: `last month booked: the position ends on ${prepared.input.end}` }]);
    expect(outcome.ledger.costCents).toBe(schedule.totals.totalCost);
    expect(outcome.ledger.reimbursementCents).toBe(schedule.totals.reimbursement);
    // 50 % of the cost exceeds the Höchstbetrag 90.000 €: the cap bites, the share is exactly the cap
    expect(Math.round(schedule.totals.eligibleCost / 2)).toBeGreaterThan(9_000_000);
    expect(outcome.ledger.reimbursementCents).toBe(9_000_000);
    // per account, as the engine's ledger lines
    const byAccount: Array<{ number: string; cents: string }> = await db.dataSource.query(
      `SELECT a.number, SUM(e.amount_cents)::text AS cents FROM ledger_entry e JOIN budget_line b ON b.id = e.budget_line_id JOIN account a ON a.id = b.account_id
        WHERE e.organisation_id = $1 GROUP BY a.number ORDER BY a.number`,
      [result.organisationId],
    );
    const lines = schedule.months.flatMap((m) => m.ledger);
    const expected = [...new Set(lines.map((l) => l.account))].sort().map((number) => ({ number, cents: String(lines.filter((l) => l.account === number).reduce((s, l) => s + l.amount, 0)) }));
    expect(byAccount).toEqual(expected);
    // what was disbursed is what was booked as the funder's share, never above the notice
    expect(outcome.application.disbursedCents).toBe(9_000_000);
    expect(outcome.application.disbursedCents).toBeLessThanOrEqual(outcome.approvedCents);
    // assumed pay rows after 03/2027 are in the database, marked computed, and said so
    expect(result.assumedPayRows.length).toBeGreaterThan(0);
    const assumed: Array<{ n: string }> = await db.dataSource.query(`SELECT COUNT(*)::text AS n FROM pay_table_row WHERE computed AND note LIKE 'angenommene Tariferhöhung +3.0 %%'`);
    expect(Number(assumed[0].n)).toBeGreaterThan(0);
    expect(out.summary.assumptions.join(' ')).toContain('angenommenen Tariferhöhungen');
  });

  it('has 3 interim reports by the calendar rule and every deadline, reminder and escalation on its day', () => {
    expect(interimReportDueDates(d('2030-05-01'), d('2033-04-30')).map((r) => r.fiscalYear)).toEqual([2030, 2031, 2032].map((y) => y + shift));
    const app = result.applications[0].application;
    expect(
      app.deadlines.map((x) => [x.key, x.nominal, x.effective, x.submittedOn, x.reminders.map((r) => `${r.on} ${r.status}`), x.escalation.sentOn]),
    ).toEqual([
      [`interim-${2030 + shift}`, d('2031-04-30'), d('2031-04-30'), d('2031-04-20'), [`${d('2031-04-02')} sent`, `${d('2031-04-23')} skipped`], null],
      [`interim-${2031 + shift}`, d('2032-04-30'), d('2032-04-30'), d('2032-04-27'), [`${d('2032-04-02')} sent`, `${d('2032-04-23')} sent`], null],
      [`interim-${2032 + shift}`, d('2033-04-30'), d('2033-05-02'), d('2033-05-09'), [`${d('2033-04-02')} sent`, `${d('2033-04-23')} sent`], d('2033-05-09')],
      ['proof-of-use', d('2033-10-31'), d('2033-11-01'), d('2033-10-17'), [`${d('2033-10-03')} sent`, `${d('2033-10-24')} skipped`], null],
    ]);
    expect(app.remindersSent.map((n) => [n.kind, n.deadline, n.sentOn])).toEqual([
      ['application.reminder', `interim-${2030 + shift}`, d('2031-04-02')],
      ['application.reminder', `interim-${2031 + shift}`, d('2032-04-02')],
      ['application.reminder', `interim-${2031 + shift}`, d('2032-04-23')],
      ['application.reminder', `interim-${2032 + shift}`, d('2033-04-02')],
      ['application.reminder', `interim-${2032 + shift}`, d('2033-04-23')],
      ['application.escalation', `interim-${2032 + shift}`, d('2033-05-09')],
      ['application.reminder', 'proof-of-use', d('2033-10-03')],
    ]);
    expect(result.applications[0].positions[0].state.reminderSent).toEqual({ forEnd: d('2033-04-30'), on: d('2032-10-30') });
    const late = result.applications[0].milestones.find((m) => m.title === 'Bestandsaufnahme der Angebote abgeschlossen');
    expect(late).toMatchObject({ status: 'done', dueOn: d('2030-12-31'), doneOn: d('2031-01-10'), late: true, escalation: expect.objectContaining({ sentOn: d('2031-01-07') }) });
  });

  it('writes the council paper, timeline.csv whose running totals equal the ledger, a PNG chart and the summary', async () => {
    const files = await readdir(outDir);
    expect(files).toEqual(expect.arrayContaining(['dokumente', 'timeline.csv', 'money-over-time.png', 'summary.json', 'summary.txt']));
    const pdf = await readFile(path.join(outDir, 'dokumente', `peine-Beschlussvorlage-${2030 + shift}-844.pdf`));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    const [header, ...rows] = (await readFile(path.join(outDir, 'timeline.csv'), 'utf8')).trimEnd().split('\n');
    expect(header.split(';')).toEqual([...TIMELINE_HEADER]);
    const cells = rows.map((r) => r.split(';'));
    const col = (name: (typeof TIMELINE_HEADER)[number]) => TIMELINE_HEADER.indexOf(name);
    const last = cells[cells.length - 1];
    const outcome = result.applications[0];
    expect(Number(last[col('kosten_gebucht_kumuliert_ct')])).toBe(outcome.ledger.costCents);
    expect(Number(last[col('erstattung_kumuliert_ct')])).toBe(outcome.ledger.reimbursementCents);
    expect(Number(last[col('ausgezahlt_kumuliert_ct')])).toBe(outcome.application.disbursedCents);
    expect(last[col('erstattung_kumuliert_eur')]).toBe('90000,00');
    expect(cells.filter((c) => c[col('ereignis')] === 'buchung')).toHaveLength(36);
    const dates = cells.map((c) => c[0]);
    expect([...dates].sort()).toEqual(dates);

    const png = await decodePNGFromStream(createReadStream(path.join(outDir, 'money-over-time.png')));
    expect([png.width, png.height]).toEqual([CHART_SIZE.width, CHART_SIZE.height]);
    // not blank: the three series colours are drawn
    const colours = new Set<string>();
    for (let i = 0; i < png.data.length; i += 4) colours.add(`${png.data[i]},${png.data[i + 1]},${png.data[i + 2]}`);
    for (const c of ['31,78,121', '46,125,50', '197,90,17']) expect(colours.has(c)).toBe(true);

    const summary = JSON.parse(await readFile(path.join(outDir, 'summary.json'), 'utf8'));
    expect(summary.totals).toEqual({ costCents: outcome.ledger.costCents, reimbursementCents: 9_000_000, disbursedCents: 9_000_000, approvedCents: outcome.approvedCents, bookings: 36 });
  });

  describe('the documents of the run, in dokumente/ and read back', () => {
    const file = (name: string) => readFile(path.join(outDir, 'dokumente', name));
    const year = (y: number) => y + shift;
    /** booked cost of the position in a fiscal year (the ledger, source of truth) */
    const bookedIn = async (y: number): Promise<number> => {
      const [r]: Array<{ cents: string }> = await db.dataSource.query(
        `SELECT COALESCE(SUM(amount_cents), 0)::text AS cents FROM ledger_entry WHERE organisation_id = $1 AND kind = 'actual' AND booked_on BETWEEN $2::date AND $3::date`,
        [result.organisationId, `${y}-01-01`, `${y}-12-31`],
      );
      return Number(r.cents);
    };
    const material = 225_000;

    it('writes every stored document and the council paper, each once, with its checksum, and none failed', async () => {
      const outcome = result.applications[0];
      expect(out.failedDocuments).toEqual([]);
      const count = (kind: string) => out.documents.filter((x) => x.kind === kind).length;
      expect(
        Object.fromEntries(
          ['council_paper_pdf', 'application_form_pdf', 'disbursement_request_pdf', 'interim_report_pdf', 'status_report_pdf', 'proof_of_use_report_pdf', 'proof_of_use_statement_pdf', 'proof_of_use_statement_xlsx', 'finance_workbook_xlsx'].map((k) => [k, count(k)]),
        ),
      ).toEqual({
        council_paper_pdf: 1,
        application_form_pdf: 1,
        disbursement_request_pdf: outcome.disbursements.length,
        interim_report_pdf: 3,
        status_report_pdf: 3,
        proof_of_use_report_pdf: 1,
        proof_of_use_statement_pdf: 1,
        proof_of_use_statement_xlsx: 1,
        finance_workbook_xlsx: 4,
      });
      // quarterly calls until the Höchstbetrag is called
      expect(outcome.disbursements.length).toBe(10);
      // every document in the database is in the folder, byte for byte
      const stored: Array<{ sha256: string }> = await db.dataSource.query(`SELECT sha256 FROM document WHERE organisation_id = $1`, [result.organisationId]);
      expect(stored).toHaveLength(out.documents.length - 1);
      expect(out.documents.map((x) => x.sha256)).toEqual(expect.arrayContaining(stored.map((x) => x.sha256)));
      const summary = JSON.parse(await readFile(path.join(outDir, 'summary.json'), 'utf8'));
      expect(summary.documents).toHaveLength(out.documents.length);
      expect(summary.failedDocuments).toEqual([]);
      for (const x of summary.documents as Array<{ file: string; sha256: string }>) {
        expect(createHash('sha256').update(await readFile(path.join(outDir, x.file))).digest('hex')).toBe(x.sha256);
      }
      expect((await readdir(path.join(outDir, 'dokumente'))).sort()).toEqual(out.documents.map((x) => x.file.replace('dokumente/', '')).sort());
      expect(await readFile(path.join(outDir, 'summary.txt'), 'utf8')).toContain(`Dokumente (${out.documents.length}):`);
    });

    it('the Förderantrag, submitted before the period began, carries the cost plan and the grant asked for', async () => {
      const app = result.prepared.applications[0];
      const text = await pdfText(await file('peine-Förderantrag-v1.pdf'));
      expect(text).toContain(normalizePdfText(`Durchführungszeitraum: 01.05.${year(2030)} – 30.04.${year(2033)}`));
      expect(text).toContain(normalizePdfText(`Zuwendung (beantragt) ${de(9_000_000)}`));
      expect(text).toContain(normalizePdfText(`Gesamtfinanzierung ${de(app.costTotalCents)}`));
      expect(text).toContain(normalizePdfText(`Eigenanteil (Landkreis Peine) ${de(app.costTotalCents - 9_000_000)}`));
    });

    it('a Mittelabruf per payout, for the funder share of the months it covers', async () => {
      const calls = result.applications[0].disbursements;
      const rows: Array<{ sequence_no: number; status: string; amount_cents: string }> = await db.dataSource.query(
        `SELECT sequence_no, status, amount_cents::text FROM disbursement_request WHERE organisation_id = $1 ORDER BY sequence_no`,
        [result.organisationId],
      );
      expect(rows.map((r) => [r.status, Number(r.amount_cents)])).toEqual(calls.map((c) => ['paid', c.amountCents]));
      const first = await pdfText(await file('peine-Mittelabruf-1-v1.pdf'));
      expect(first).toContain(normalizePdfText(`Angeforderter Betrag: ${de(calls[0].amountCents)} €`));
      expect(first).toContain(normalizePdfText(`Bewilligte Zuwendung: ${de(9_000_000)} €`));
      const n = calls.length;
      const last = await pdfText(await file(`peine-Mittelabruf-${n}-v1.pdf`));
      expect(last).toContain(normalizePdfText(`Angeforderter Betrag: ${de(calls[n - 1].amountCents)} €`));
      // the previous calls add up to the disbursed amount before this one
      const before = calls.slice(0, -1).reduce((s, c) => s + c.amountCents, 0);
      expect(last).toContain(normalizePdfText(`Bisher abgerufen ${de(before)}`));
      expect(before + calls[n - 1].amountCents).toBe(9_000_000);
      expect(last).toContain(normalizePdfText(`abzüglich dieses Mittelabrufs (Nr. ${n}) ${de(-calls[n - 1].amountCents)} Verbleibende Zuwendung nach diesem Abruf 0,00`));
    });

    it('the Zwischennachweise show the year booked (Belege from the monthly bookings) against the plan, to the cent', async () => {
      for (const y of [2030, 2031, 2032].map(year)) {
        const text = await pdfText(await file(`peine-Zwischennachweis-${y}-v1.pdf`));
        const spent = (await bookedIn(y)) + material;
        expect(text).toContain(normalizePdfText(`Zwischennachweis für das Haushaltsjahr ${y}`));
        expect(text).toContain(normalizePdfText(`Summe der Ausgaben ${de(spent)} ${de(spent)} 0,00`));
      }
    });

    it('the proof of use: Sachbericht on the milestones, zahlenmäßiger Nachweis (PDF and XLSX) over 40 Belege equal to the ledger', async () => {
      const outcome = result.applications[0];
      const total = outcome.ledger.costCents + 4 * material;
      const receipts: Array<{ n: string; cents: string }> = await db.dataSource.query(`SELECT COUNT(*)::text AS n, SUM(amount_cents)::text AS cents FROM receipt WHERE organisation_id = $1`, [
        result.organisationId,
      ]);
      expect(receipts[0]).toEqual({ n: '40', cents: String(total) });
      const report = await pdfText(await file('peine-Sachbericht-v1.pdf'));
      expect(report).toContain(normalizePdfText('Von 4 Meilensteinen wurden 4 erreicht, davon 3 fristgerecht.'));
      const statement = await pdfText(await file('peine-Zahlenmäßiger-Nachweis-v1.pdf'));
      expect(statement).toContain(normalizePdfText(`Summe der Belegliste ${de(total)}`));
      expect(statement).toContain(normalizePdfText(`Zustehende Zuwendung (Anteilfinanzierung) ${de(9_000_000)} abzüglich ausgezahlter Zuwendung ${de(-9_000_000)}`));
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await file('peine-Zahlenmäßiger-Nachweis-v1.xlsx')) as unknown as ArrayBuffer);
      const list = wb.getWorksheet(PROOF_OF_USE_SHEETS.receipts) as ExcelJS.Worksheet;
      expect(list.getRow(42).getCell(6).value).toEqual({ formula: 'SUM(F2:F41)', result: total / 100 });
      expect(cellValues(wb.getWorksheet(PROOF_OF_USE_SHEETS.statement) as ExcelJS.Worksheet)).toEqual(expect.arrayContaining([total / 100, 9_000_000 / 100]));
    });

    it('a Sachstandsbericht for the Jugendhilfeausschuss each year, and the Finanzübersicht of each fiscal year with its bookings', async () => {
      const reports = out.documents.filter((x) => x.kind === 'status_report_pdf').map((x) => x.file);
      expect(reports).toEqual([d('2031-04-20'), d('2032-04-27'), d('2033-05-09')].map((on, k) => `dokumente/peine-Sachstandsbericht-${on}-v${k + 1}.pdf`));
      const text = await pdfText(await readFile(path.join(outDir, reports[1])));
      expect(text).toContain('Jugendhilfeausschuss');
      expect(text).toContain(normalizePdfText(`Bewilligte Zuwendung: ${de(9_000_000)} €`));

      const y = year(2031);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await file(`organisation-Finanzübersicht-${y}-v1.xlsx`)) as unknown as ArrayBuffer);
      const entries: Array<{ id: string }> = await db.dataSource.query(`SELECT id::text FROM ledger_entry WHERE organisation_id = $1 AND booked_on BETWEEN $2::date AND $3::date`, [
        result.organisationId,
        `${y}-01-01`,
        `${y}-12-31`,
      ]);
      expect(entries.length).toBeGreaterThanOrEqual(12 * 3);
      const booked = cellValues(wb.getWorksheet(SHEET_LEDGER) as ExcelJS.Worksheet);
      for (const e of entries) expect(booked).toContain(e.id);
    });
  });
});
