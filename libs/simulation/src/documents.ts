import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { addDays, compareDates, monthEnd, type IsoDate, type IsoMonth } from '@app/calendar';
import { DomainError, ErrorCode, type Actor } from '@app/common';
import { fileStem, generateDocument, STORED_KIND, type DocumentRequest } from '@app/document-generation';
import type { Cents } from '@app/money';
import { MATERIAL_COST_LABEL, personnelCostLabel, type PreparedApplication, type PreparedScenario } from './setup';

/*
 * The records and documents the people of a scenario produce besides the workflows' own: the
 * Belege (receipts: the monthly personnel cost bookings as the ledger holds them, and the
 * yearly material costs of the cost plan), the Mittelabrufe (disbursement_request rows and
 * their PDFs), the Sachstandsbericht for the Jugendhilfeausschuss once a year and the
 * Finanzübersicht per fiscal year. Every row is written with its audit event in the same
 * statement; every document through generateDocument (@app/document-generation).
 */

/** A document the runner asked for: stored, or not possible with the data (and why). */
export interface DocumentOutcome {
  application: string | null;
  kind: string;
  key: string;
  status: 'stored' | 'failed';
  documentId: string | null;
  reason: string | null;
}

/** The simulated person acting (a `user:<uuid>` ref of the prepared users). */
export function actorOf(prepared: PreparedScenario, ref: string): Actor {
  return { ref, organisationId: prepared.organisationId, userId: ref.replace(/^user:/, ''), roles: [] };
}

/**
 * Generates and stores one document under a generation key (a rerun stores nothing twice);
 * data that does not allow the document yet (409) is a failed outcome with the reason, any
 * other error is thrown.
 */
export async function produceDocument(ds: DataSource, actor: Actor, application: string | null, request: DocumentRequest, key: string, today: IsoDate): Promise<DocumentOutcome> {
  const kind = STORED_KIND[request.kind];
  try {
    const doc = await generateDocument(ds, actor, request, { generationKey: key, today });
    return { application, kind, key, status: 'stored', documentId: doc.id, reason: null };
  } catch (error) {
    if (error instanceof DomainError && error.code === ErrorCode.StateConflict) return { application, kind, key, status: 'failed', documentId: null, reason: error.message };
    throw error;
  }
}

/**
 * A Mittelabruf as the finance office sends it: the disbursement_request row (status sent,
 * covering the months called) with its audit events. Answers its id.
 */
export async function writeDisbursementRequest(
  ds: DataSource,
  actor: Actor,
  app: PreparedApplication,
  call: { requestedOn: IsoDate; receivedOn: IsoDate; amountCents: Cents; months: IsoMonth[] },
): Promise<string> {
  const coversFrom = `${call.months[0]}-01`;
  const coversTo = monthEnd(call.months[call.months.length - 1]);
  const rows: Array<{ id: string }> = await ds.query(
    `WITH ins AS (
       INSERT INTO disbursement_request (organisation_id, application_id, sequence_no, requested_on, payout_date, amount_cents, covers_from, covers_to, status)
       SELECT $1, $2, COALESCE(max(sequence_no), 0) + 1, $3, $4, $5, $6, $7, 'sent' FROM disbursement_request WHERE organisation_id = $1 AND application_id = $2
       RETURNING id, sequence_no, requested_on, payout_date, amount_cents, covers_from, covers_to, status
     ), audit AS (
       INSERT INTO audit_event (organisation_id, actor, action, subject_type, subject_id, after, reason)
       SELECT $1, $8, a.action, 'disbursement_request', ins.id::text,
              jsonb_build_object('applicationId', $2::text, 'sequenceNo', ins.sequence_no, 'requestedOn', ins.requested_on, 'payoutDate', ins.payout_date,
                                 'amountCents', ins.amount_cents, 'coversFrom', ins.covers_from, 'coversTo', ins.covers_to, 'status', a.status),
              'Simulation'
         FROM ins CROSS JOIN (VALUES ('disbursement_request.created', 'draft'), ('disbursement_request.sent', 'sent')) AS a(action, status)
     )
     SELECT id FROM ins`,
    [actor.organisationId, app.id, call.requestedOn, call.receivedOn, call.amountCents, coversFrom, coversTo, actor.ref],
  );
  return rows[0].id;
}

/** The payment of a Mittelabruf as the application workflow's `recordDisbursement` writes it. */
export function paymentRecord(disbursementRequestId: string, receivedOn: IsoDate, amountCents: Cents) {
  return { kind: 'payment' as const, id: randomUUID(), receivedOn, amountCents, disbursementRequestId };
}

interface NewReceipt {
  date: IsoDate;
  payee: string;
  reason: string;
  amountCents: Cents;
  category: 'personnel' | 'material';
  label: string;
}

/**
 * Enters the Belege up to `upTo` that are not in the Belegliste yet: one per booked position
 * month (the ledger's actual cost of `position:<id>:<month>`, dated on its booking day, charged
 * to the position's personnel cost line of that year) and one per fiscal year for the material
 * costs of the cost plan (dated 30.11., or the period's last day). Answers how many were entered.
 */
export async function writeReceipts(ds: DataSource, actor: Actor, app: PreparedApplication, upTo: IsoDate): Promise<number> {
  const org = actor.organisationId;
  const existing = new Set((await ds.query(`SELECT reason FROM receipt WHERE organisation_id = $1 AND application_id = $2`, [org, app.id]) as Array<{ reason: string }>).map((r) => r.reason));
  const fresh: NewReceipt[] = [];
  const titleOf = new Map(app.positions.map((p) => [p.id, p]));
  const booked: Array<{ reference: string; booked_on: string; cost: string }> = await ds.query(
    `SELECT reference, min(booked_on)::text AS booked_on, sum(amount_cents)::text AS cost
       FROM ledger_entry
      WHERE organisation_id = $1 AND kind = 'actual' AND reference LIKE 'position:%' AND split_part(reference, ':', 2) = ANY($2::text[]) AND booked_on <= $3::date
      GROUP BY reference ORDER BY min(booked_on), reference`,
    [org, app.positions.map((p) => p.id), upTo],
  );
  for (const b of booked) {
    const [, positionId, month] = b.reference.split(':');
    const p = titleOf.get(positionId);
    const reason = `Personalkosten ${month.slice(5)}/${month.slice(0, 4)} lt. Entgeltabrechnung, ${p?.spec.title}`;
    if (!p || existing.has(reason) || Number(b.cost) === 0) continue;
    fresh.push({ date: b.booked_on, payee: p.spec.holderName, reason, amountCents: Number(b.cost), category: 'personnel', label: personnelCostLabel(p.spec, Number(month.slice(0, 4))) });
  }
  if (app.spec.materialCostsPerYearCents > 0) {
    for (let y = Number(app.periodStart.slice(0, 4)); y <= Number(app.periodEnd.slice(0, 4)); y++) {
      const date = compareDates(`${y}-11-30`, app.periodEnd) > 0 ? app.periodEnd : `${y}-11-30`;
      const reason = `Sachkosten ${y} (Netzwerktreffen, Öffentlichkeitsarbeit) lt. Einzelbelegen`;
      if (compareDates(date, upTo) > 0 || compareDates(date, app.periodStart) < 0 || existing.has(reason)) continue;
      fresh.push({ date, payee: 'verschiedene Zahlungsempfänger (Sammelbeleg)', reason, amountCents: app.spec.materialCostsPerYearCents, category: 'material', label: MATERIAL_COST_LABEL });
    }
  }
  if (fresh.length === 0) return 0;
  fresh.sort((x, y) => compareDates(x.date, y.date));
  const column = <K extends keyof NewReceipt>(k: K) => fresh.map((r) => r[k]);
  await ds.query(
    `WITH base AS (SELECT COALESCE(max(sequence_no), 0) AS n FROM receipt WHERE organisation_id = $1 AND application_id = $2),
     ins AS (
       INSERT INTO receipt (organisation_id, application_id, sequence_no, receipt_date, payee, reason, amount_cents, cost_category, cost_plan_label)
       SELECT $1, $2, base.n + r.ord, r.d, r.payee, r.reason, r.amount, r.category, r.label
         FROM base, unnest($3::date[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[]) WITH ORDINALITY AS r(d, payee, reason, amount, category, label, ord)
       RETURNING id, sequence_no, receipt_date, payee, reason, amount_cents, cost_category, cost_plan_label
     )
     INSERT INTO audit_event (organisation_id, actor, action, subject_type, subject_id, after, reason)
     SELECT $1, $9, 'receipt.created', 'receipt', ins.id::text,
            jsonb_build_object('applicationId', $2::text, 'sequenceNo', ins.sequence_no, 'receiptDate', ins.receipt_date, 'payee', ins.payee, 'reason', ins.reason,
                               'amountCents', ins.amount_cents, 'costCategory', ins.cost_category, 'costPlanLabel', ins.cost_plan_label),
            'Simulation: Belege erfasst'
       FROM ins`,
    [org, app.id, column('date'), column('payee'), column('reason'), column('amountCents'), column('category'), column('label'), actor.ref],
  );
  return fresh.length;
}

/** The programme of the scenario (one a scenario). */
export async function programmeIdOf(ds: DataSource, organisationId: string): Promise<string> {
  const rows: Array<{ id: string }> = await ds.query(`SELECT id FROM funding_programme WHERE organisation_id = $1 ORDER BY created_at LIMIT 1`, [organisationId]);
  if (!rows[0]) throw new Error('simulation: the scenario has no programme');
  return rows[0].id;
}

/** The Sachstandsbericht for the Jugendhilfeausschuss as of `asOf` (its session three weeks later). */
export function statusReportRequest(programmeId: string, app: PreparedApplication, asOf: IsoDate): DocumentRequest {
  return { kind: 'status-report', programmeId, applicationId: app.id, sessionDate: addDays(asOf, 21) };
}

/** The fiscal years of the scenario's periods. */
export function fiscalYearsOf(prepared: PreparedScenario): number[] {
  const first = Math.min(...prepared.applications.map((a) => Number(a.periodStart.slice(0, 4))));
  const last = Math.max(...prepared.applications.map((a) => Number(a.periodEnd.slice(0, 4))));
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** A stored document as the output folder gets it. */
export interface StoredDocumentFile {
  id: string;
  /** the scenario key of the application, or null for the organisation's own (Finanzübersicht) */
  application: string | null;
  kind: string;
  version: number;
  /** German, with the application and kind: `peine-Zwischennachweis-2030-v1.pdf` */
  fileName: string;
  sha256: string;
  content: Buffer;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * Every document in the simulation's database, oldest first, each named after its application
 * (by subject; a Sachstandsbericht by the application in its generation key) and kind.
 */
export async function storedDocuments(ds: DataSource, prepared: PreparedScenario, programmeName: string): Promise<StoredDocumentFile[]> {
  const rows: Array<{ id: string; kind: string; version: number; file_name: string; sha256: string; content: Buffer; generation_key: string | null; application_id: string | null }> = await ds.query(
    `SELECT d.id, d.kind, d.version, d.file_name, d.sha256, d.content, d.generation_key,
            CASE d.subject_type
              WHEN 'funding_application' THEN d.subject_id
              WHEN 'interim_report' THEN split_part(d.subject_id, ':', 1)
              WHEN 'disbursement_request' THEN (SELECT r.application_id::text FROM disbursement_request r WHERE r.organisation_id = d.organisation_id AND r.id::text = d.subject_id)
              ELSE substring(d.generation_key from '${UUID}')
            END AS application_id
       FROM document d WHERE d.organisation_id = $1 ORDER BY d.created_at, d.id`,
    [prepared.organisationId],
  );
  const apps = new Map(prepared.applications.map((a) => [a.id, a]));
  return rows.map((r) => {
    const app = r.application_id ? apps.get(r.application_id) : undefined;
    // the file name without the title stems: the application's key stands for them
    let name = r.file_name;
    for (const stem of [app ? fileStem(app.spec.title) : null, fileStem(programmeName)]) if (stem) name = name.replace(`-${stem}`, '');
    // a Sachstandsbericht is a version of the programme's: its date tells them apart
    const asOf = r.kind === STORED_KIND['status-report'] ? /:(\d{4}-\d{2}-\d{2})$/.exec(r.generation_key ?? '')?.[1] : undefined;
    if (asOf) name = name.replace(/^Sachstandsbericht-/, `Sachstandsbericht-${asOf}-`);
    const prefix = app ? app.spec.key : 'organisation';
    return { id: r.id, application: app?.spec.key ?? null, kind: r.kind, version: r.version, fileName: `${prefix}-${name}`.replace(/[/\\]/g, '-'), sha256: r.sha256, content: r.content };
  });
}
