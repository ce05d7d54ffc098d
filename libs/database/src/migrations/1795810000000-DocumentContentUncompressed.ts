import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A document's bytes are stored without PostgreSQL's own compression (STORAGE EXTERNAL: out of
 * line, not compressed). Every document is compressed already (PDF streams by Flate, XLSX as a
 * ZIP): pglz found repeats in a PDF's plain header and metadata, compressed all of it, then threw
 * the result away for saving too little. That cost PostgreSQL about a twentieth of its CPU in
 * the 100-application simulation; reading a document back no longer tries to decompress it.
 * Rows stored before keep their storage; nothing is rewritten.
 */
export class DocumentContentUncompressed1795810000000 implements MigrationInterface {
  name = 'DocumentContentUncompressed1795810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "document" ALTER COLUMN "content" SET STORAGE EXTERNAL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "document" ALTER COLUMN "content" SET STORAGE EXTENDED`);
  }
}
