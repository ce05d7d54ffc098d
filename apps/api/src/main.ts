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
  await configureApp(app);
  await app.listen({ port: config.port, host: config.host });
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
