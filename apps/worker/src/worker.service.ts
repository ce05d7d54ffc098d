import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { createActivities } from './activities';

export const TEMPORAL_NATIVE_CONNECTION = Symbol('TEMPORAL_NATIVE_CONNECTION');
/** Either `{ workflowsPath, webpackConfigHook }` (bundled at start) or `{ workflowBundle }` (prebuilt). */
export const WORKFLOW_SOURCE = Symbol('WORKFLOW_SOURCE');
export type WorkflowSource = Pick<WorkerOptions, 'workflowsPath' | 'workflowBundle' | 'bundlerOptions'>;

/**
 * Owns the Temporal Worker: created on bootstrap, its run() promise held (never floating),
 * and drained on shutdown (SIGTERM/SIGINT via Nest's shutdown hooks).
 */
@Injectable()
export class WorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerService.name);
  private worker?: Worker;
  private running?: Promise<void>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TEMPORAL_NATIVE_CONNECTION) private readonly connection: NativeConnection,
    @Inject(WORKFLOW_SOURCE) private readonly source: WorkflowSource,
    private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: this.config.temporal.namespace,
      taskQueue: this.config.temporal.taskQueue,
      maxCachedWorkflows: this.config.temporal.maxCachedWorkflows,
      activities: createActivities(this.dataSource),
      ...this.source,
    });
    this.running = this.worker.run().catch((error: unknown) => {
      this.logger.error(`worker stopped with an error: ${String(error)}`);
      process.exitCode = 1;
      process.kill(process.pid, 'SIGTERM');
    });
    this.logger.log(`worker polling task queue "${this.config.temporal.taskQueue}" on ${this.config.temporal.address}`);
  }

  /** Drains the worker (running activities finish), then closes the connection it held. */
  async onApplicationShutdown(signal?: string): Promise<void> {
    if (this.worker) {
      this.logger.log(`shutting down the worker (${signal ?? 'close'}), letting running activities finish`);
      if (this.worker.getState() === 'RUNNING') this.worker.shutdown();
      await this.running;
    }
    await this.connection.close();
  }
}
