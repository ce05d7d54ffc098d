import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadDemoData } from '@app/demo';
import { ApiRequestError } from '../../apps/cli/src/api-client';
import { runCommand } from '../../apps/cli/src/commands';
import { exitStatus } from '../../apps/cli/src/main';
import { UsageError } from '../../apps/cli/src/usage-error';
import { startApi, testConfig } from '../support/apps';
import { createTestDatabase, TestDatabase } from '../support/database';
import { createTimeSkippingEnv } from '../support/temporal';

/** `applications create --file x.yaml`: the same content as JSON, the same validation by the api. */
describe('foerderwerk applications create from a YAML file', () => {
  let db: TestDatabase;
  let env: TestWorkflowEnvironment;
  let api: NestFastifyApplication;
  let baseUrl: string;
  let dir: string;
  let ids: { programmeId: string; leadDepartmentId: string };

  const run = async (argv: string[]) => {
    const out: string[] = [];
    await runCommand({ argv, env: { FOERDERWERK_API: baseUrl, FOERDERWERK_USER: 'landkreis-peine/jugendamt' }, out: (l) => out.push(l), err: () => undefined });
    return out.join('\n');
  };
  const failure = async (argv: string[]): Promise<unknown> => run(argv).then(() => { throw new Error('expected a failure'); }, (e: unknown) => e);
  const file = async (name: string, content: string) => {
    const f = path.join(dir, name);
    await writeFile(f, content);
    return f;
  };

  beforeAll(async () => {
    [db, env] = await Promise.all([createTestDatabase(), createTimeSkippingEnv()]);
    const summary = await loadDemoData(db.dataSource);
    const [row]: Array<{ programme_id: string; lead_department_id: string }> = await db.dataSource.query(
      'SELECT programme_id, lead_department_id FROM funding_application WHERE id = $1',
      [summary.ids.peine.applicationId],
    );
    ids = { programmeId: row.programme_id, leadDepartmentId: row.lead_department_id };
    api = await startApi(testConfig(db.url, env, 'cli-yaml-test'), env);
    await api.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(api.getHttpServer().address() as { port: number }).port}`;
    dir = await mkdtemp(path.join(tmpdir(), 'fw-cli-yaml-'));
  });
  afterAll(async () => {
    await api?.close();
    await env?.teardown();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const yaml = () => `# Antrag aus einer YAML-Datei
programmeId: ${ids.programmeId}
leadDepartmentId: ${ids.leadDepartmentId}
title: "Familienzentrum Edemissen (YAML)"
periodStart: "2027-01-01"
periodEnd: "2027-12-31"
costPlan:
  - { category: material, label: Sachkosten, amountCents: 800000 }
financingPlan:
  - { source: funder, label: Zuwendung, amountCents: 400000 }
  - { source: own, label: Eigenmittel, amountCents: 400000 }
`;

  it('creates the application the YAML file describes (.yaml and .yml)', async () => {
    for (const name of ['app.yaml', 'app.yml']) {
      const created = JSON.parse(await run(['applications', 'create', '--file', await file(name, yaml()), '--json']));
      expect(created).toMatchObject({ title: 'Familienzentrum Edemissen (YAML)', periodStart: '2027-01-01', totals: expect.objectContaining({ costCents: 800_000, funderCents: 400_000 }) });
      const res = await fetch(`${baseUrl}/api/v1/applications/${created.id}`, { headers: { 'x-dev-user': 'landkreis-peine/jugendamt' } });
      expect(await res.json()).toEqual(created);
    }
  });

  it("an invalid application in YAML gets the api's field problems, exit 2", async () => {
    const error = await failure(['applications', 'create', '--file', await file('no-title.yaml', yaml().replace(/^title: .*$/m, ''))]);
    expect(error).toBeInstanceOf(ApiRequestError);
    const status = exitStatus(error);
    expect(status.code).toBe(2);
    expect(status.lines.slice(1).some((l) => /^title: /.test(l))).toBe(true);
  });

  it('broken YAML, a duplicate key or a list are usage errors naming the file', async () => {
    const broken = await failure(['applications', 'create', '--file', await file('broken.yaml', 'title: [unclosed')]);
    expect(broken).toBeInstanceOf(UsageError);
    expect((broken as Error).message).toMatch(/broken\.yaml is not valid YAML/);
    const twice = await failure(['applications', 'create', '--file', await file('twice.yaml', 'title: a\ntitle: b\n')]);
    expect((twice as Error).message).toMatch(/twice\.yaml is not valid YAML/);
    const list = await failure(['applications', 'create', '--file', await file('list.yml', '- title: a\n')]);
    expect((list as Error).message).toMatch(/list\.yml must hold a YAML mapping/);
    for (const e of [broken, twice, list]) expect(exitStatus(e).code).toBe(2);
  });
});
