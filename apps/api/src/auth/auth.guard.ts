import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { APP_CONFIG, AppConfig } from '@app/config';
import { AuthenticatedRequest } from './current-actor.decorator';
import { IS_PUBLIC } from './public.decorator';
import { UserDirectory } from './user-directory';

const DEV_USER = /^([a-z0-9-]{1,64})\/([A-Za-z0-9._@:-]{1,200})$/;

/**
 * Every request carries an authenticated user of one organisation. In development mode the
 * caller names the user in `X-Dev-User: <organisation-slug>/<subject>`; the user must exist and be
 * active. That mode cannot be configured together with NODE_ENV=production (see loadConfig).
 * OpenID Connect bearer tokens (`AUTH_MODE=oidc`) are not implemented yet: in that mode every
 * request without a public route is refused.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly users: UserDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { headers: Record<string, string | string[] | undefined> }>();
    if (this.config.authMode !== 'development') {
      throw new UnauthorizedException({ error: 'unauthorized', message: 'OpenID Connect login is not available yet' });
    }
    const header = request.headers['x-dev-user'];
    const match = typeof header === 'string' ? DEV_USER.exec(header) : null;
    if (!match) {
      throw new UnauthorizedException({ error: 'unauthorized', message: 'X-Dev-User header missing or not "<organisation-slug>/<subject>"' });
    }
    const actor = await this.users.findBySubject(match[1], match[2]);
    if (!actor) throw new UnauthorizedException({ error: 'unauthorized', message: 'unknown or inactive user' });
    request.actor = actor;
    return true;
  }
}
