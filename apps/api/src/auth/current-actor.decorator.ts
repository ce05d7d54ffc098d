import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Actor } from '@app/common';

export interface AuthenticatedRequest {
  actor?: Actor;
  id?: string;
}

/** The authenticated actor of the request (set by the AuthGuard). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on an endpoint without authentication');
  return actor;
});
