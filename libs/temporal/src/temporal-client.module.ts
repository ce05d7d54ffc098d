import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { APP_CONFIG, AppConfig } from '@app/config';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

@Injectable()
class TemporalClientLifecycle implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}
  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}

/**
 * The Temporal client of the api. Connects lazily, so the api starts (and reports Temporal as
 * down in /health) while the Temporal service is still coming up.
 */
@Global()
@Module({
  providers: [
    {
      provide: TEMPORAL_CLIENT,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): Client =>
        new Client({
          connection: Connection.lazy({ address: config.temporal.address, connectTimeout: '5s' }),
          namespace: config.temporal.namespace,
        }),
    },
    TemporalClientLifecycle,
  ],
  exports: [TEMPORAL_CLIENT],
})
export class TemporalClientModule {}
