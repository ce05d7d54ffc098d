import { createHash } from 'node:crypto';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { HttpException, HttpStatus, INestApplication } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from '@app/config';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_HEADER } from './common/idempotency';
import { createValidationPipe, InputBoundsPipe } from './common/validation';

/** The media types of a request body: JSON (there are no file uploads). */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The largest request body (JSON); there are no file uploads. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export function fastifyAdapter(): FastifyAdapter {
  // maxParamLength: a longer path parameter (no id is that long) is answered 414
  return new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, routerOptions: { maxParamLength: 100 }, trustProxy: false });
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('foerderwerk API')
    .setDescription(
      'Funding applications, staff positions, budget lines, milestones and council papers of a municipality. ' +
        'Who may call which endpoint: docs/PERMISSIONS.md (403 names the role needed). ' +
        'Every POST takes an Idempotency-Key: a retry with the same key and body gets the first response again (200).',
    )
    .setVersion('1')
    .setLicense('Proprietary: for the municipalities operating foerderwerk', 'https://foerderwerk.invalid/license')
    .addServer('/')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'OpenID Connect access token' }, 'oidc')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Dev-User', description: 'development login only: <organisation-slug>/<subject>' }, 'devUser')
    .addSecurityRequirements('oidc')
    .addSecurityRequirements('devUser')
    .build();
  return withIdempotencyKeys(SwaggerModule.createDocument(app, config));
}

/** Documents the Idempotency-Key header on every POST that does not describe it itself. */
function withIdempotencyKeys(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    const post = item.post;
    if (!post) continue;
    const parameters = post.parameters ?? [];
    if (parameters.some((p) => 'name' in p && p.name.toLowerCase() === IDEMPOTENCY_KEY_HEADER.toLowerCase())) continue;
    post.parameters = [
      ...parameters,
      {
        name: IDEMPOTENCY_KEY_HEADER,
        in: 'header',
        required: false,
        description: 'repeat it on a retry: the request runs once, and the retry gets the first response (200, header Idempotent-Replayed)',
        schema: { type: 'string', minLength: 1, maxLength: 200, pattern: IDEMPOTENCY_KEY.source },
      },
    ];
  }
  return document;
}

/** The routes Fastify registered (`METHOD path`), in the order it registered them. */
export interface RegisteredRoute {
  method: string;
  path: string;
}
const ROUTES = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route of a configured app, as Fastify registered it (for the permission and isolation tests). */
export function registeredRoutes(app: NestFastifyApplication): RegisteredRoute[] {
  return [...(ROUTES.get(app.getHttpAdapter().getInstance()) ?? [])];
}

/** The rate limit's bucket: the caller's credential if it sends one (users behind one proxy stay apart), else the IP. */
function rateLimitKey(request: FastifyRequest): string {
  const credential = request.headers.authorization ?? request.headers['x-dev-user'];
  if (typeof credential === 'string' && credential !== '') return `c:${createHash('sha256').update(credential).digest('base64url')}`;
  return `ip:${request.ip}`;
}

/** Everything both main.ts and the tests need on the app: one place, so tests test the real thing. */
export async function configureApp(app: NestFastifyApplication): Promise<NestFastifyApplication> {
  const config = app.get<AppConfig>(APP_CONFIG);
  const fastify = app.getHttpAdapter().getInstance();
  const routes: RegisteredRoute[] = [];
  ROUTES.set(fastify, routes);
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, path: route.url });
  });
  fastify.addHook('onRequest', async (request, reply) => {
    // JSON only: Nest also parses form bodies, which this api neither documents nor wants
    const type = request.headers['content-type'];
    if (BODY_METHODS.has(request.method) && type !== undefined && !JSON_MEDIA_TYPE.test(type)) {
      await reply.status(415).send({ statusCode: 415, error: 'unsupported_media_type', message: 'send JSON (Content-Type: application/json)', requestId: String(request.id) });
    }
  });
  app.useLogger(app.get(Logger));
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: { defaultSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'], scriptSrc: ["'self'", "'unsafe-inline'"] },
    },
    // Browsers heed HSTS only over HTTPS, which production runs behind.
    hsts: config.nodeEnv === 'production' ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  if (config.rateLimitPerMinute > 0) {
    await app.register(rateLimit, {
      global: true,
      max: config.rateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: rateLimitKey,
      // thrown by the plugin: an HttpException, so that the global filter answers it like every other error
      errorResponseBuilder: (_request, context) =>
        new HttpException({ error: 'too_many_requests', message: `more than ${context.max} requests a minute; retry in ${Math.ceil(context.ttl / 1000)} s` }, HttpStatus.TOO_MANY_REQUESTS),
    });
  }
  app.useGlobalPipes(new InputBoundsPipe(), createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
