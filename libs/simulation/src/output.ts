import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { buildCouncilPaperPdf, VORLAGE_2021_844, type CouncilPaperDocument } from '@app/documents';
import { formatEuro } from '@app/money';
import { moneyOverTimePng } from './chart';
import { storedDocuments } from './documents';
import type { SimulationResult } from './runner';
import type { Scenario } from './scenario';
import { timelineCsv, withRunningTotals } from './timeline';

/*
 * The output folder: every document the run produced, timeline.csv, money-over-time.png and a
 * summary (summary.json for machines, summary.txt for people).
 */

/** The folder under the output directory that holds the documents. */
export const DOCUMENTS_DIR = 'dokumente';

/** A document of the run in the output folder. */
export interface DocumentEntry {
  /** the scenario key of the application; null for the organisation's own (Finanzübersicht) */
  application: string | null;
  /** the stored kind (document.kind), `council_paper_pdf` for the Beschlussvorlage */
  kind: string;
  /** relative to the output folder: `dokumente/<file>` */
  file: string;
  sha256: string;
  bytes: number;
}

/** A document the run asked for that the data did not allow, and why. */
export interface FailedDocument {
  application: string | null;
  kind: string;
  key: string;
  reason: string;
}

export interface WrittenOutput {
  dir: string;
  files: string[];
  documents: DocumentEntry[];
  failedDocuments: FailedDocument[];
  /** documents the run could not produce here, and why */
  notProduced: string[];
  summary: SimulationSummary;
}

export interface SimulationSummary {
  scenario: string;
  anchor: string;
  wallSeconds: number;
  peakRssMb: number;
  assumptions: string[];
  totals: { costCents: number; reimbursementCents: number; disbursedCents: number; approvedCents: number; bookings: number };
  applications: Array<{
    key: string;
    title: string;
    status: string;
    period: string;
    approvedCents: number;
    ledger: { costCents: number; reimbursementCents: number; bookings: number };
    schedule: { costCents: number; reimbursementCents: number; months: number };
    disbursedCents: number;
    deadlines: Array<{ key: string; nominal: string; effective: string; submittedOn: string | null; reminders: Array<{ on: string; status: string }>; escalation: { on: string; sentOn: string | null } }>;
    notifications: Array<{ kind: string; deadline: string; sentOn: string }>;
    council: { paper: string; result: string | null; concludedOn: string | null } | null;
  }>;
}

function councilPaperDocument(scenario: Scenario, key: string, result: SimulationResult): CouncilPaperDocument | null {
  const a = scenario.applications.find((x) => x.key === key);
  const prepared = result.prepared.applications.find((x) => x.spec.key === key);
  const cp = a?.councilPaper;
  if (!a || !cp || !prepared?.councilPaper) return null;
  const base = cp.textFrom === 'vorlage-2021-844' ? VORLAGE_2021_844 : null;
  const or = (mine: string[], theirs: readonly string[] | undefined) => (mine.length ? mine : [...(theirs ?? [])]);
  const roles = { acknowledgement: 'Kenntnisnahme', preliminary: 'Vorberatung', decision: 'Entscheidung' } as const;
  const title = cp.title ?? base?.title ?? a.title;
  return {
    organisationName: scenario.organisation.name,
    paperType: 'Beschlussvorlage',
    reference: prepared.councilPaper.number,
    isPublic: true,
    date: prepared.councilPaper.consultations.length ? minusDays(prepared.councilPaper.consultations[0].sessionDate, 21) : prepared.periodStart,
    leadDepartment: a.leadDepartment,
    participatingDepartments: [],
    consultations: prepared.councilPaper.consultations.map((c) => ({ committee: c.committeeName, sessionDate: c.sessionDate, role: roles[c.role as keyof typeof roles], isPublic: true })),
    costs: { includedInBudget: true, amountCents: prepared.costTotalCents, districtAdministratorInvolved: false, qualifiedMajorityRequired: false },
    relevance: base?.relevance ?? { genderMainstreaming: false, migration: false, preventionSustainability: true, education: true, climateEnvironmentNature: false },
    title,
    sections: {
      description: or(cp.sections.description, base?.sections.description),
      goalsAndEffects: or(cp.sections.goals, base?.sections.goalsAndEffects),
      resources: or(cp.sections.resources, base?.sections.resources),
      conclusion: or(cp.sections.conclusion, base?.sections.conclusion),
      resolutionProposal: cp.sections.decisionProposal.length
        ? cp.sections.decisionProposal
        : [`Der Kreistag beschließt die Durchführung des Vorhabens „${a.title}“ und die Beantragung der Zuwendung (Gesamtkosten ${formatEuro(prepared.costTotalCents)}).`],
    },
    relatedPapers: base?.relatedPapers ?? [],
    attachments: [],
  };
}

function minusDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

function fileSafe(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '-');
}

export function summarize(result: SimulationResult, peakRssMb: number): SimulationSummary {
  const apps = result.applications;
  const sum = (f: (a: (typeof apps)[number]) => number) => apps.reduce((n, a) => n + f(a), 0);
  return {
    scenario: result.scenario,
    anchor: result.anchor,
    wallSeconds: Math.round(result.wallMs / 100) / 10,
    peakRssMb,
    assumptions: result.assumedPayRows.length
      ? [
          `${result.assumedPayRows.length} Entgelttabellen-Zeilen nach angenommenen Tariferhöhungen berechnet (computed, PERSONNEL-COSTS.md § 2a): ` +
            [...new Set(result.assumedPayRows.map((r) => `${r.validFrom}–${r.validTo}: ${r.note}`))].slice(0, 6).join('; '),
          'Arbeitgeber-Nebenkosten und Zulagen nach dem letzten bekannten Jahr unverändert angenommen.',
        ]
      : [],
    totals: {
      costCents: sum((a) => a.ledger.costCents),
      reimbursementCents: sum((a) => a.ledger.reimbursementCents),
      disbursedCents: sum((a) => a.application.disbursedCents),
      approvedCents: sum((a) => a.approvedCents),
      bookings: sum((a) => a.ledger.bookings),
    },
    applications: apps.map((a) => ({
      key: a.key,
      title: a.title,
      status: a.application.status,
      period: `${a.periodStart}..${a.periodEnd}`,
      approvedCents: a.approvedCents,
      ledger: a.ledger,
      schedule: {
        costCents: a.positions.reduce((n, p) => n + p.scheduleTotals.totalCost, 0),
        reimbursementCents: a.positions.reduce((n, p) => n + p.scheduleTotals.reimbursement, 0),
        months: a.positions.reduce((n, p) => n + p.scheduleTotals.months, 0),
      },
      disbursedCents: a.application.disbursedCents,
      deadlines: a.application.deadlines.map((d) => ({
        key: d.key,
        nominal: d.nominal,
        effective: d.effective,
        submittedOn: d.submittedOn,
        reminders: d.reminders.map((r) => ({ on: r.on, status: r.status })),
        escalation: d.escalation,
      })),
      notifications: a.application.remindersSent.map((n) => ({ kind: n.kind, deadline: n.deadline, sentOn: n.sentOn })),
      council: a.councilPaper ? { paper: a.councilPaper.paperNumber, result: a.councilPaper.result, concludedOn: a.councilPaper.concludedOn } : null,
    })),
  };
}

function summaryText(s: SimulationSummary, files: string[], documents: DocumentEntry[], failed: FailedDocument[], notProduced: string[]): string {
  const e = (c: number) => formatEuro(c);
  const lines = [
    `Simulation: ${s.scenario}`,
    `Anker: ${s.anchor}   Laufzeit: ${s.wallSeconds} s   Spitzen-RSS: ${s.peakRssMb} MB`,
    '',
    `Gebuchte Kosten: ${e(s.totals.costCents)}   Förderanteil gebucht: ${e(s.totals.reimbursementCents)}   ausgezahlt: ${e(s.totals.disbursedCents)}   bewilligt: ${e(s.totals.approvedCents)}   Monatsbuchungen: ${s.totals.bookings}`,
    ...(s.assumptions.length ? ['', 'Annahmen:', ...s.assumptions.map((a) => `  - ${a}`)] : []),
    '',
  ];
  for (const a of s.applications.slice(0, 20)) {
    lines.push(`${a.key}: ${a.title} (${a.period}) – Status ${a.status}`);
    lines.push(`  Kosten ${e(a.ledger.costCents)} (Plan ${e(a.schedule.costCents)}), Förderanteil ${e(a.ledger.reimbursementCents)}, ausgezahlt ${e(a.disbursedCents)}, ${a.ledger.bookings} Monatsbuchungen`);
    if (a.council) lines.push(`  Vorlage ${a.council.paper}: ${a.council.result} am ${a.council.concludedOn}`);
    for (const d of a.deadlines) {
      const rem = d.reminders.map((r) => `${r.on} ${r.status}`).join(', ');
      lines.push(`  Frist ${d.key}: ${d.nominal}${d.effective !== d.nominal ? ` (wirksam ${d.effective})` : ''}, eingereicht ${d.submittedOn ?? '–'}; Erinnerungen ${rem}; Eskalation ${d.escalation.sentOn ?? `nicht nötig (${d.escalation.on})`}`);
    }
  }
  if (s.applications.length > 20) lines.push(`… und ${s.applications.length - 20} weitere Anträge (summary.json)`);
  lines.push('', `Dokumente (${documents.length}):`, ...documents.map((d) => `  ${d.file}  ${d.kind}  sha256 ${d.sha256}`));
  lines.push('', `Nicht erzeugte Dokumente: ${failed.length ? failed.length : 'keine'}`, ...failed.map((f) => `  ${f.application ?? 'Organisation'}: ${f.kind} (${f.key}): ${f.reason}`));
  lines.push('', 'Dateien:', `  ${DOCUMENTS_DIR}/ (${documents.length} Dokumente, siehe oben)`, ...files.filter((f) => !f.startsWith(`${DOCUMENTS_DIR}/`)).map((f) => `  ${f}`));
  if (notProduced.length) lines.push('', 'Nicht erzeugt:', ...notProduced.map((n) => `  ${n}`));
  return `${lines.join('\n')}\n`;
}

export async function writeOutputs(result: SimulationResult, scenario: Scenario, dir: string, options: { peakRssMb: number; documents?: boolean }): Promise<WrittenOutput> {
  await fs.mkdir(dir, { recursive: true });
  const files: string[] = [];
  const notProduced: string[] = [];
  const documents: DocumentEntry[] = [];
  const failedDocuments: FailedDocument[] = [];
  const write = async (name: string, data: string | Buffer) => {
    await fs.writeFile(path.join(dir, name), data);
    files.push(name);
  };
  if (options.documents !== false) {
    await fs.mkdir(path.join(dir, DOCUMENTS_DIR), { recursive: true });
    const writeDocument = async (application: string | null, kind: string, name: string, content: Buffer) => {
      const file = `${DOCUMENTS_DIR}/${name}`;
      await write(file, content);
      documents.push({ application, kind, file, sha256: createHash('sha256').update(content).digest('hex'), bytes: content.length });
    };
    // the Beschlussvorlage is rendered here (the council office's paper, not a stored document)
    for (const a of result.applications) {
      const doc = councilPaperDocument(scenario, a.key, result);
      if (doc) await writeDocument(a.key, 'council_paper_pdf', `${fileSafe(a.key)}-Beschlussvorlage-${fileSafe(doc.reference)}.pdf`, await buildCouncilPaperPdf(doc));
    }
    // every document stored in the simulation's database: the workflows' and the runner's
    for (const d of await storedDocuments(result.dataSource, result.prepared, scenario.programme.name)) {
      await writeDocument(d.application, d.kind, d.fileName, d.content);
      if (documents[documents.length - 1].sha256 !== d.sha256) throw new Error(`simulation: document ${d.id} does not match its stored checksum`);
    }
    for (const a of result.applications) {
      for (const d of a.application.documents ?? []) {
        if (d.status !== 'stored') failedDocuments.push({ application: a.key, kind: d.request.kind, key: d.key, reason: d.error ?? `status ${d.status}` });
      }
    }
    for (const d of result.documents) if (d.status === 'failed') failedDocuments.push({ application: d.application, kind: d.kind, key: d.key, reason: d.reason ?? 'failed' });
    notProduced.push(...failedDocuments.map((f) => `${f.application ?? 'Organisation'}: ${f.kind}: ${f.reason}`));
  }
  const rows = withRunningTotals(result.events);
  await write('timeline.csv', timelineCsv(rows));
  await write('money-over-time.png', await moneyOverTimePng(rows, `Geld im Zeitverlauf – ${scenario.name}`));
  const summary = summarize(result, options.peakRssMb);
  await write('summary.json', `${JSON.stringify({ ...summary, documents, failedDocuments, files: [...files, 'summary.json', 'summary.txt'], notProduced }, null, 2)}\n`);
  files.push('summary.txt');
  await fs.writeFile(path.join(dir, 'summary.txt'), summaryText(summary, files, documents, failedDocuments, notProduced));
  return { dir, files, documents, failedDocuments, notProduced, summary };
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
