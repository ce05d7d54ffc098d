import { Module } from '@nestjs/common';
import { NativeConnection } from '@temporalio/worker';
import { APP_CONFIG, AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { LoggingModule } from '@app/logging';
import { workflowBundlerOptions } from '@app/temporal';
import { TEMPORAL_NATIVE_CONNECTION, WORKFLOW_SOURCE, WorkerService, WorkflowSource } from './worker.service';

@Module({
  imports: [ConfigModule, LoggingModule, DatabaseModule],
  providers: [
    {
      provide: TEMPORAL_NATIVE_CONNECTION,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => NativeConnection.connect({ address: config.temporal.address }),
    },
    {
      provide: WORKFLOW_SOURCE,
      useFactory: (): WorkflowSource => {
        const { workflowsPath, webpackConfigHook } = workflowBundlerOptions();
        return { workflowsPath, bundlerOptions: webpackConfigHook ? { webpackConfigHook } : undefined };
      },
    },
    WorkerService,
  ],
})
export class WorkerModule {}
