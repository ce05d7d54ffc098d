import { ConsoleLogger } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { APP_CONFIG, AppConfig, loadConfig } from '@app/config';
import { TEMPORAL_CLIENT } from '@app/temporal';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp, fastifyAdapter } from '../../apps/api/src/create-app';
import { WORKFLOW_SOURCE } from '../../apps/worker/src/worker.service';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { workflowBundle } from './temporal';

export function testConfig(databaseUrl: string, env: TestWorkflowEnvironment, taskQueue: string): AppConfig {
  const loaded = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: 'localhost:7233', TEMPORAL_TASK_QUEUE: taskQueue });
  return { ...loaded, temporal: { ...loaded.temporal, address: env.connection.options.address, namespace: env.namespace ?? 'default' } };
}

/** The real api app (Fastify, pipes, filters) on a test database and the test Temporal client. */
export async function startApi(config: AppConfig, env: TestWorkflowEnvironment): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(APP_CONFIG)
    .useValue(config)
    .overrideProvider(TEMPORAL_CLIENT)
    .useValue(env.client)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(fastifyAdapter(), { logger: false });
  await configureApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** The real worker module (its own connection, activities on the test database) polling the test server. */
export async function startWorker(config: AppConfig): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] })
    .overrideProvider(APP_CONFIG)
    .useValue(config)
    .overrideProvider(WORKFLOW_SOURCE)
    .useValue({ workflowBundle: workflowBundle() })
    .setLogger(new ConsoleLogger({ logLevels: ['error'] }))
    .compile();
  await moduleRef.init();
  return moduleRef;
}
