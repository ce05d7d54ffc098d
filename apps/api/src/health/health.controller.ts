import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/public.decorator';
import { ReadinessState } from './readiness.state';
import { TemporalHealthIndicator } from './temporal.health';

/** Operations endpoints for load balancers and orchestrators; not part of the documented API. */
@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly temporal: TemporalHealthIndicator,
    private readonly readiness: ReadinessState,
  ) {}

  /**
   * Readiness: the api takes traffic when PostgreSQL and Temporal both answer and it is not
   * shutting down; 503 otherwise (the body names what is down).
   */
  @Get('ready')
  @HealthCheck()
  ready() {
    if (this.readiness.isShuttingDown) {
      throw new ServiceUnavailableException({ status: 'shutting_down', error: 'shutting_down', message: 'the api is shutting down' });
    }
    return this.health.check([() => this.db.pingCheck('database', { timeout: 2000 }), () => this.temporal.check('temporal')]);
  }

  /** `/health` is kept for existing probes and the launcher: the same as `/health/ready`. */
  @Get()
  @HealthCheck()
  check() {
    return this.ready();
  }

  /** Liveness: the process answers; no dependency is asked (a database outage must not restart the api). */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
