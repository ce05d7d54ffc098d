import type { EntityManager } from 'typeorm';

/**
 * Serialises the api's workflow-routed changes of one business object (e.g. `milestone:<id>`)
 * across requests and api instances: a transaction-scoped PostgreSQL advisory lock, held while
 * the api checks the row and asks the workflow. It is no row lock, so the workflow's activity
 * can write the row meanwhile (a row lock held here would deadlock with it); a second request
 * waits, then reads what the first one wrote.
 */
export async function lockBusinessKey(em: EntityManager, key: string): Promise<void> {
  await em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [key]);
}
