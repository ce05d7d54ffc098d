import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { Client } from '@temporalio/client';
import { TEMPORAL_CLIENT } from '@app/temporal';

/** How long a readiness probe waits for Temporal before calling it down. */
const TEMPORAL_CHECK_TIMEOUT_MS = 2000;

/** Temporal is up when its frontend answers the gRPC health check and knows our namespace. */
@Injectable()
export class TemporalHealthIndicator {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key: string): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    try {
      // A deadline, so that a probe answers "down" in time instead of riding the client's retries.
      await this.client.connection.withDeadline(Date.now() + TEMPORAL_CHECK_TIMEOUT_MS, async () => {
        await this.client.connection.ensureConnected();
        await this.client.workflowService.describeNamespace({ namespace: this.client.options.namespace });
      });
      return indicator.up({ namespace: this.client.options.namespace });
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
