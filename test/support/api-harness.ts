import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { TestingModule } from '@nestjs/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { AppUserEntity, OrganisationEntity } from '@app/database';
import { startApi, startWorker, testConfig } from './apps';
import { createTestDatabase, TestDatabase } from './database';
import { workflowIds } from '@app/workflows/names';
import { requestSignOffUpdate, signOffUpdate, submitToFunderUpdate } from '@app/workflows/application/signals';
import type { applicationWorkflow } from '@app/workflows/application/workflow';
import { createOrganisation, createUser, devLogin } from './factories';
import { createTimeSkippingEnv } from './temporal';

export type Headers = Record<string, string>;
export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One organisation of the harness with its signed-in user. */
export interface ApiParty {
  org: OrganisationEntity;
  user: AppUserEntity;
  /** The development login headers of `user`. */
  headers: Headers;
  /** The audit actor of `user`: `user:<id>`. */
  ref: string;
}

export interface ApiHarness {
  db: TestDatabase;
  env: TestWorkflowEnvironment;
  api: NestFastifyApplication;
  /** The real worker on the same server, task queue and database: the api's workflows run end to end. */
  worker: TestingModule;
  /** The task queue of api and worker. */
  taskQueue: string;
  /** Landkreis Peine (landCode NI, the factory default). */
  peine: ApiParty;
  /** Landkreis Kassel (landCode HE), the other tenant. */
  kassel: ApiParty;
  close(): Promise<void>;
}

export interface ApiHarnessOptions {
  /** Overrides for both users (default: subject `jugendamt-1`, the factory's role). */
  users?: Partial<AppUserEntity>;
  peineUser?: Partial<AppUserEntity>;
  kasselUser?: Partial<AppUserEntity>;
}

/**
 * The common set-up of an API integration test file: a fresh database, a time-skipping Temporal
 * server, the real api and the real worker on both, and two organisations (Peine, Kassel) with a
 * user each.
 * Cleans up what was started if the start-up fails part way.
 */
export async function startApiHarness(taskQueue: string, opts: ApiHarnessOptions = {}): Promise<ApiHarness> {
  let db: TestDatabase | undefined;
  let env: TestWorkflowEnvironment | undefined;
  let api: NestFastifyApplication | undefined;
  let worker: TestingModule | undefined;
  const close = async (): Promise<void> => {
    await api?.close();
    await worker?.close();
    await env?.teardown();
    await db?.drop();
  };
  try {
    const [dbResult, envResult] = await Promise.allSettled([createTestDatabase(), createTimeSkippingEnv()]);
    if (dbResult.status === 'fulfilled') db = dbResult.value;
    if (envResult.status === 'fulfilled') env = envResult.value;
    if (dbResult.status === 'rejected') throw dbResult.reason;
    if (envResult.status === 'rejected') throw envResult.reason;
    const ready: { db: TestDatabase; env: TestWorkflowEnvironment } = { db: db!, env: env! };
    const config = testConfig(ready.db.url, ready.env, taskQueue);
    [api, worker] = await Promise.all([startApi(config, ready.env), startWorker(config)]);
    const ds = ready.db.dataSource;
    const party = async (org: OrganisationEntity, over: Partial<AppUserEntity> | undefined): Promise<ApiParty> => {
      const user = await createUser(ds, org, { subject: 'jugendamt-1', ...opts.users, ...over });
      return { org, user, headers: devLogin(org, user), ref: `user:${user.id}` };
    };
    const peine = await party(await createOrganisation(ds, { slug: 'landkreis-peine', name: 'Landkreis Peine' }), opts.peineUser);
    const kassel = await party(await createOrganisation(ds, { slug: 'landkreis-kassel', name: 'Landkreis Kassel', landCode: 'HE' }), opts.kasselUser);
    return { ...ready, api, worker, taskQueue, peine, kassel, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}

/** A request through the api: status and parsed JSON body (undefined when empty). */
export async function apiRequest(api: NestFastifyApplication, method: Method, url: string, headers: Headers, payload?: unknown): Promise<{ status: number; body: Json }> {
  const res = await api.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  return { status: res.statusCode, body: res.body ? res.json() : undefined };
}

/**
 * Starts the workflow of an application written by the factories (straight into PostgreSQL, as
 * a draft) and takes it to `submitted` (or leaves it a draft) through the workflow's updates, as the api's steps would:
 * the worker writes each status. `submittedOn` must not lie in the future.
 */
export async function submitThroughWorkflow(
  h: ApiHarness,
  application: { id: string; organisationId: string; title: string },
  submittedOn: string,
  until: 'draft' | 'submitted' = 'submitted',
): Promise<void> {
  const handle = await h.env.client.workflow.start<typeof applicationWorkflow>('applicationWorkflow', {
    taskQueue: h.taskQueue,
    workflowId: workflowIds.application(application.id),
    args: [{ applicationId: application.id, organisationId: application.organisationId, title: application.title, owner: 'user:test-owner', escalateTo: 'user:test-head', programme: { needsCouncilDecision: false } }],
  });
  if (until === 'draft') return;
  await handle.executeUpdate(requestSignOffUpdate, { args: [{}] });
  await handle.executeUpdate(signOffUpdate, { args: [{ by: 'user:test-head' }] });
  await handle.executeUpdate(submitToFunderUpdate, { args: [{ submittedOn }] });
}

/**
 * Polls `check` until it holds (for what a workflow does in the background, e.g. marking a
 * milestone overdue); fails naming `what` (and what `describe` shows then) after `timeoutMs`.
 */
export async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 15_000, describe?: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      const seen = describe ? `; last seen: ${JSON.stringify(await describe().catch((e: unknown) => String(e)))}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
