import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { AuthenticatedRequest } from './current-actor.decorator';
import { InvalidTokenError, OidcVerifier } from './oidc-verifier';
import { permissionOf, routeKey } from './permissions';
import { IS_PUBLIC } from './public.decorator';
import { UserDirectory } from './user-directory';

const DEV_USER = /^([a-z0-9-]{1,64})\/([A-Za-z0-9._@:-]{1,200})$/;
/** `Authorization: Bearer <JWS compact serialisation>`, bounded. */
const BEARER = /^Bearer ([A-Za-z0-9_-]{1,4096}\.[A-Za-z0-9_-]{1,16384}\.[A-Za-z0-9_-]{0,4096})$/;
const REALM = 'foerderwerk';

type Request = FastifyRequest & AuthenticatedRequest;

/**
 * Every request carries an authenticated user of one organisation, and the user's roles must
 * allow the action (apps/api/src/auth/permissions.ts, deny by default).
 *
 * - `AUTH_MODE=oidc`: `Authorization: Bearer <access token>` of the configured issuer (see
 *   OidcVerifier); `sub` is the user's subject, the organisation claim the organisation's slug.
 * - `AUTH_MODE=development`: the caller names the user in `X-Dev-User: <organisation-slug>/<subject>`;
 *   that mode cannot be configured together with NODE_ENV=production (see loadConfig).
 *
 * Either way the user must exist in app_user and be active; the roles are the ones stored there.
 * A missing, invalid or expired credential answers 401 with `WWW-Authenticate`; a role that does
 * not allow the action answers 403 naming the roles that would.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly users: UserDirectory,
    private readonly oidc: OidcVerifier,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const actor = await this.authenticate(request, http.getResponse<FastifyReply>());
    request.actor = actor;
    this.authorise(request, actor);
    return true;
  }

  private async authenticate(request: Request, reply: FastifyReply): Promise<Actor> {
    const refuse = (message: string, challenge: string): never => {
      void reply.header('WWW-Authenticate', challenge);
      throw new UnauthorizedException({ error: 'unauthorized', message });
    };
    if (this.config.authMode === 'oidc') {
      const header = request.headers.authorization;
      if (header === undefined) return refuse('Authorization: Bearer <token> missing', `Bearer realm="${REALM}"`);
      const match = BEARER.exec(header);
      const invalid = (description: string): never => refuse(description, `Bearer realm="${REALM}", error="invalid_token", error_description="${description.replace(/"/g, "'")}"`);
      if (!match) return invalid('the Authorization header is not "Bearer <token>"');
      let identity;
      try {
        identity = await this.oidc.verify(match[1]);
      } catch (error) {
        if (error instanceof InvalidTokenError) return invalid(error.message);
        throw error;
      }
      const actor = await this.users.findBySubject(identity.organisationSlug, identity.subject);
      return actor ?? invalid('unknown or inactive user');
    }
    const header = request.headers['x-dev-user'];
    const match = typeof header === 'string' ? DEV_USER.exec(header) : null;
    const challenge = `X-Dev-User realm="${REALM}"`;
    if (!match) return refuse('X-Dev-User header missing or not "<organisation-slug>/<subject>"', challenge);
    const actor = await this.users.findBySubject(match[1], match[2]);
    return actor ?? refuse('unknown or inactive user', challenge);
  }

  private authorise(request: Request, actor: Actor): void {
    const routePath = request.routeOptions.url ?? request.url;
    const permission = permissionOf(request.method, routePath);
    if (!permission) {
      this.logger.error({ route: routeKey(request.method, routePath) }, 'route missing from the permission table (apps/api/src/auth/permissions.ts): refused');
      throw new ForbiddenException({ error: 'forbidden', message: `${routeKey(request.method, routePath)} is not in the permission table; nobody may call it` });
    }
    if (!actor.roles.some((role) => permission.roles.includes(role))) {
      throw new ForbiddenException({
        error: 'forbidden',
        message: `${permission.action}: requires the role ${permission.roles.join(' or ')}; you have ${actor.roles.length ? actor.roles.join(', ') : 'no role'}`,
      });
    }
  }
}
