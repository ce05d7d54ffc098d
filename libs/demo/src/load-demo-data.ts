import type { DataSource } from 'typeorm';
import { TVOED_VKA_REFERENCE_DATA, type ReferenceData } from '@app/personnel-costs';
import { seedHochsauerlandkreis } from './hochsauerlandkreis';
import { seedKassel } from './kassel';
import { seedPeine } from './peine';
import { loadReferenceData } from './reference-data';
import { DemoWriter, type DemoTable, type TableCount } from './writer';

/** The audit actor of everything the demo loader creates (unless the caller names another). */
export const DEMO_ACTOR = 'system:demo-data';

export interface DemoDataOptions {
  /** audit actor, default 'system:demo-data' */
  actor?: string;
}

export interface DemoSummary {
  actor: string;
  /** rows inserted vs. rows that already existed (looked up by natural key), per table */
  tables: Record<DemoTable, TableCount>;
  /** sums over all tables */
  created: number;
  found: number;
  /** audit events written: one per created row */
  auditEvents: number;
  /** ids of the main demo objects, for callers that want to point at them */
  ids: {
    organisations: { landkreisPeine: string; landkreisKassel: string; hochsauerlandkreis: string };
    peine: { applicationId: string; positionId: string; councilPaperId: string };
    kassel: { applicationId: string };
    hochsauerlandkreis: { applicationId: string };
  };
}

/** Serialises concurrent loads (two starts at once): the second waits and then finds everything. */
const ADVISORY_LOCK_KEY = 'foerderwerk:demo-data';

/**
 * Loads the demo data — TVöD-VKA reference data, Landkreis Peine (Präventionsketten Niedersachsen,
 * Vorlage 2021/844), Landkreis Kassel (Modellregion Stadt Naumburg) and the Hochsauerlandkreis
 * (kinderstark) — in one transaction. Idempotent: every row is keyed by a natural key, so a
 * second call inserts nothing, changes nothing and writes no audit event.
 */
export async function loadDemoData(dataSource: DataSource, options: DemoDataOptions = {}): Promise<DemoSummary> {
  const actor = options.actor ?? DEMO_ACTOR;
  const ref: ReferenceData = TVOED_VKA_REFERENCE_DATA;
  return dataSource.transaction(async (em) => {
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [ADVISORY_LOCK_KEY]);
    const w = new DemoWriter(em, actor, 'Demo-Daten (loadDemoData)');

    await loadReferenceData(w, ref);
    const peine = await seedPeine(w, ref);
    const kassel = await seedKassel(w, ref);
    const hsk = await seedHochsauerlandkreis(w, ref);

    const counts = Object.values(w.counts);
    return {
      actor,
      tables: w.counts,
      created: counts.reduce((n, c) => n + c.created, 0),
      found: counts.reduce((n, c) => n + c.found, 0),
      auditEvents: w.auditEvents,
      ids: {
        organisations: { landkreisPeine: peine.organisation.id, landkreisKassel: kassel.organisation.id, hochsauerlandkreis: hsk.organisation.id },
        peine: { applicationId: peine.applicationId, positionId: peine.positionId, councilPaperId: peine.councilPaperId },
        kassel: { applicationId: kassel.applicationId },
        hochsauerlandkreis: { applicationId: hsk.applicationId },
      },
    };
  });
}
