import helmet from '@fastify/helmet';
import { INestApplication } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { createValidationPipe } from './common/validation';

export function fastifyAdapter(): FastifyAdapter {
  return new FastifyAdapter({ bodyLimit: 1024 * 1024, trustProxy: false });
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('foerderwerk API')
    .setDescription('Funding applications, staff positions, budget lines, milestones and council papers of a municipality.')
    .setVersion('1')
    .setLicense('Proprietary: for the municipalities operating foerderwerk', 'https://foerderwerk.invalid/license')
    .addServer('/')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'OpenID Connect access token' }, 'oidc')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Dev-User', description: 'development login only: <organisation-slug>/<subject>' }, 'devUser')
    .addSecurityRequirements('oidc')
    .addSecurityRequirements('devUser')
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Everything both main.ts and the tests need on the app: one place, so tests test the real thing. */
export async function configureApp(app: NestFastifyApplication): Promise<NestFastifyApplication> {
  app.useLogger(app.get(Logger));
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: { defaultSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'], scriptSrc: ["'self'", "'unsafe-inline'"] },
    },
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
