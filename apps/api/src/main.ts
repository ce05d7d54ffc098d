import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@app/config';
import { AppModule } from './app.module';
import { configureApp, fastifyAdapter } from './create-app';

async function bootstrap(): Promise<void> {
  process.title = 'foerderwerk-api';
  const config = loadConfig();
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, fastifyAdapter(), { bufferLogs: true });
  // Graceful shutdown on SIGTERM/SIGINT: readiness answers 503 first (health/readiness.state.ts),
  // the listener closes and in-flight requests finish, then the pool and the Temporal connection
  // close, and the process exits with 0. Registered before configureApp, whose own call for the
  // same signals then adds nothing, so that the exit is process.exit(0) (logs flushed) rather
  // than the signal raised again.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  await configureApp(app);
  await app.listen({ port: config.port, host: config.host });
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
