import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { OrganisationEntity } from '@app/database';
import { generateDocument } from '@app/document-generation';
import type { DocumentGenerationRequest, GeneratedDocumentRef } from '@app/workflows/documents/activities';
import { createDocumentActivities } from '../../apps/worker/src/activities/document.activities';
import { createTestDatabase, TestDatabase } from '../support/database';
import { DocumentData, seedDocumentData } from '../support/documents';
import { createOrganisation } from '../support/factories';

/**
 * The document activity on real PostgreSQL, run in Temporal's MockActivityEnvironment: a retry
 * of a request (same dedup key) answers the document stored the first time and stores nothing,
 * also when the attempts run at the same time; a new key stores the next version; what cannot
 * succeed on a retry fails non-retryably with a type the workflow can branch on.
 */
describe('generateDocument activity on PostgreSQL', () => {
  let db: TestDatabase;
  let org: OrganisationEntity;
  let data: DocumentData;
  const env = new MockActivityEnvironment();
  let activities: ReturnType<typeof createDocumentActivities>;

  const interimReport = (dedupKey: string, fiscalYear = 2025): DocumentGenerationRequest => ({
    organisationId: org.id,
    actor: `workflow:application-${data.running.applicationId}`,
    dedupKey,
    document: { kind: 'interim-report', applicationId: data.running.applicationId, fiscalYear },
    asOf: '2026-04-15',
  });
  const generate = (request: DocumentGenerationRequest) => env.run(activities.generateDocument, request) as Promise<GeneratedDocumentRef>;
  const documents = (generationKey?: string) =>
    db.dataSource.query(
      `SELECT id, version, sha256, created_by AS "createdBy", generation_key AS "generationKey", source_version AS "sourceVersion" FROM document
        WHERE organisation_id = $1 AND ($2::text IS NULL OR generation_key = $2) ORDER BY version`,
      [org.id, generationKey ?? null],
    );
  const audits = async (): Promise<number> =>
    Number((await db.dataSource.query(`SELECT count(*) AS n FROM audit_event WHERE organisation_id = $1 AND action = 'document.generated'`, [org.id]))[0].n);
  const failureOf = async (request: unknown): Promise<ApplicationFailure> => {
    const error = await generate(request as DocumentGenerationRequest).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApplicationFailure);
    return error as ApplicationFailure;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    org = await createOrganisation(db.dataSource, { name: 'Landkreis Peine', slug: 'landkreis-peine' });
    data = await seedDocumentData(db.dataSource, org);
    activities = createDocumentActivities(db.dataSource);
  });
  afterAll(() => db?.drop());

  it('stores the document once: a retry with the same dedup key answers the first one and writes nothing', async () => {
    const key = `application:${data.running.applicationId}:interim-report:2025`;
    const first = await generate(interimReport(key));
    const retry = await generate(interimReport(key));
    expect(retry).toEqual(first);
    expect(first).toEqual({ documentId: expect.any(String), version: 1, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await documents()).toEqual([
      { id: first.documentId, version: 1, sha256: first.sha256, createdBy: `workflow:application-${data.running.applicationId}`, generationKey: key, sourceVersion: 1 },
    ]);
    expect(await audits()).toBe(1);
  });

  it('stores nothing twice when two attempts with one key run at the same time', async () => {
    const key = `application:${data.running.applicationId}:proof-of-use-statement`;
    const request: DocumentGenerationRequest = { ...interimReport(key), document: { kind: 'proof-of-use-statement', applicationId: data.running.applicationId } };
    const results = await Promise.all([generate(request), generate(request), generate(request)]);
    expect(new Set(results.map((r) => r.documentId)).size).toBe(1);
    expect(await documents(key)).toHaveLength(1);
    expect(await audits()).toBe(2);
  });

  it('a new dedup key (the data changed, the workflow asks again) stores the next version and keeps the first', async () => {
    const [before] = await documents(`application:${data.running.applicationId}:interim-report:2025`);
    await db.dataSource.query(
      `INSERT INTO receipt (organisation_id, application_id, sequence_no, receipt_date, payee, reason, amount_cents, cost_category, cost_plan_label)
       VALUES ($1, $2, 99, '2025-10-01', 'Gemeinde Ilsede', 'Raummiete Netzwerktreffen', 12000, 'material', (SELECT cost_plan_label FROM receipt WHERE application_id = $2 AND sequence_no = 2))`,
      [org.id, data.running.applicationId],
    );
    const again = await generate(interimReport(`application:${data.running.applicationId}:interim-report:2025:2`));
    expect(again.version).toBe(2);
    expect(again.sha256).not.toBe(before.sha256);
    const [kept] = await db.dataSource.query(`SELECT sha256, encode(sha256(content), 'hex') AS actual FROM document WHERE id = $1`, [before.id]);
    expect(kept).toEqual({ sha256: before.sha256, actual: before.sha256 });
  });

  it("generateDocument inside a caller's transaction stores in it: rolled back, nothing stays", async () => {
    const before = (await documents()).length;
    const actor = { ref: 'system:test', organisationId: org.id, roles: [] };
    const rolledBack = db.dataSource.transaction(async (em) => {
      const doc = await generateDocument(em, actor, { kind: 'proof-of-use-report', applicationId: data.running.applicationId }, { today: '2026-04-15' });
      expect(doc).toMatchObject({ version: 1, kind: 'proof_of_use_report_pdf', reused: false });
      throw new Error('the caller fails after the document was stored');
    });
    await expect(rolledBack).rejects.toThrow('the caller fails');
    expect(await documents()).toHaveLength(before);
    const kept = await db.dataSource.transaction((em) => generateDocument(em, actor, { kind: 'proof-of-use-report', applicationId: data.running.applicationId }, { today: '2026-04-15' }));
    expect(kept.version).toBe(1);
    expect(await documents()).toHaveLength(before + 1);
  });

  it('fails non-retryably where a retry cannot help, and stores nothing', async () => {
    const stored = (await documents()).length;
    const noNotice = await failureOf({
      ...interimReport('planned:interim'),
      document: { kind: 'interim-report', applicationId: data.planned.applicationId, fiscalYear: 2027 },
    });
    expect([noNotice.type, noNotice.nonRetryable]).toEqual(['DocumentNotYetPossible', true]);
    expect(noNotice.message).toMatch(/has no funding notice/);

    const notDue = await failureOf(interimReport('running:interim:2028', 2028));
    expect([notDue.type, notDue.nonRetryable]).toEqual(['DocumentNotYetPossible', true]);

    const other = await createOrganisation(db.dataSource);
    const foreign = await failureOf({ ...interimReport('foreign'), organisationId: other.id });
    expect([foreign.type, foreign.nonRetryable]).toEqual(['DocumentNotFound', true]);

    const noKey = await failureOf({ ...interimReport(''), dedupKey: ' ' });
    expect([noKey.type, noKey.nonRetryable]).toEqual(['DocumentRequestInvalid', true]);
    const badActor = await failureOf({ ...interimReport('x'), actor: 'somebody' });
    expect(badActor.type).toBe('DocumentRequestInvalid');
    const badKind = await failureOf({ ...interimReport('y'), document: { kind: 'poem' } });
    expect(badKind.type).toBe('DocumentRequestInvalid');

    const reused = await failureOf({ ...interimReport(`application:${data.running.applicationId}:interim-report:2025`), document: { kind: 'proof-of-use-report', applicationId: data.running.applicationId } });
    expect([reused.type, reused.nonRetryable]).toEqual(['DocumentKeyConflict', true]);

    expect(await documents()).toHaveLength(stored);
  });
});
