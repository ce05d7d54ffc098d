import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a generated document was generated from and by which request:
 *  - `generation_key`: the dedup key of a generation request (e.g.
 *    `application:<id>:interim-report:2027`), unique per organisation, so that a retried workflow
 *    activity finds the document it stored before instead of storing a second version; null for
 *    documents generated on a user's request (each request is a new version);
 *  - `source_version`: the version of the data the document was rendered from (an application's
 *    revision in force, a disbursement request's row version), when the subject has one.
 */
export class DocumentGenerationKey1795730000000 implements MigrationInterface {
  name = 'DocumentGenerationKey1795730000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "document" ADD COLUMN "generation_key" text`);
    await q.query(`ALTER TABLE "document" ADD COLUMN "source_version" integer`);
    await q.query(`ALTER TABLE "document" ADD CONSTRAINT "document_organisation_id_generation_key_key" UNIQUE ("organisation_id", "generation_key")`);
    await q.query(`ALTER TABLE "document" ADD CONSTRAINT "document_source_version_check" CHECK ("source_version" IS NULL OR "source_version" >= 1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "document" DROP CONSTRAINT "document_source_version_check"`);
    await q.query(`ALTER TABLE "document" DROP CONSTRAINT "document_organisation_id_generation_key_key"`);
    await q.query(`ALTER TABLE "document" DROP COLUMN "source_version"`);
    await q.query(`ALTER TABLE "document" DROP COLUMN "generation_key"`);
  }
}
