import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';

/**
 * How long the api keeps serving after SIGTERM/SIGINT while /health/ready already answers 503, so
 * that a load balancer (or Kubernetes' endpoint controller) takes it out of rotation before the
 * listener closes. Only on a signal; `app.close()` in tests and tools does not wait.
 */
export const SHUTDOWN_READINESS_GRACE_MS = 1000;

/**
 * Whether the api is shutting down. Nest's shutdown order on a signal is: module destroy hooks,
 * `beforeApplicationShutdown` (here: readiness flips to 503, then the grace period), closing the
 * HTTP server (Fastify stops accepting and waits for in-flight requests), and only then
 * `onApplicationShutdown` (the database pool and the Temporal connection close).
 */
@Injectable()
export class ReadinessState implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ReadinessState.name);
  private shuttingDown = false;

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.shuttingDown = true;
    if (!signal) return;
    this.logger.log(`${signal}: readiness reports 503; serving in-flight and new requests for ${SHUTDOWN_READINESS_GRACE_MS} ms before closing`);
    await new Promise((resolve) => setTimeout(resolve, SHUTDOWN_READINESS_GRACE_MS));
  }
}
