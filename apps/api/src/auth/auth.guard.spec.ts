import { ExecutionContext, ForbiddenException, Logger, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Actor, Role } from '@app/common';
import { loadConfig } from '@app/config';
import { AuthGuard } from './auth.guard';
import { OidcVerifier } from './oidc-verifier';
import { PERMISSIONS } from './permissions';
import { UserDirectory } from './user-directory';

const config = loadConfig({ DATABASE_URL: 'postgres://x@localhost/db', TEMPORAL_ADDRESS: 'localhost:7233' });

function guardFor(roles: Role[] | undefined): AuthGuard {
  const actor: Actor | undefined = roles && { ref: 'user:1', userId: '1', organisationId: 'org', roles };
  const users = { findBySubject: jest.fn().mockResolvedValue(actor) } as unknown as UserDirectory;
  return new AuthGuard(new Reflector(), users, {} as OidcVerifier, config);
}

function context(method: string, url: string, headers: Record<string, string> = { 'x-dev-user': 'landkreis-peine/jugendamt' }): ExecutionContext {
  const request = { method, url, routeOptions: { url }, headers };
  const reply = { header: jest.fn() };
  return {
    getHandler: () => () => undefined,
    getClass: () => class {},
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
  } as unknown as ExecutionContext;
}

describe('AuthGuard: permissions per action', () => {
  it('refuses a route that is not in the permission table, whatever the roles, and logs it', async () => {
    const log = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const refused = guardFor(['youth_office', 'department_head', 'finance', 'council_office', 'auditor', 'admin']).canActivate(context('POST', '/api/v1/new-thing'));
    await expect(refused).rejects.toThrow(ForbiddenException);
    await expect(refused).rejects.toMatchObject({ response: { message: 'POST /api/v1/new-thing is not in the permission table; nobody may call it' } });
    expect(log).toHaveBeenCalledWith({ route: 'POST /api/v1/new-thing' }, expect.stringContaining('missing from the permission table'));
    log.mockRestore();
  });

  it('lets a role of the table through and refuses another with the roles it would need', async () => {
    expect(PERMISSIONS['POST /api/v1/ledger-entries'].roles).toEqual(['finance']);
    await expect(guardFor(['finance']).canActivate(context('POST', '/api/v1/ledger-entries'))).resolves.toBe(true);
    await expect(guardFor(['auditor', 'youth_office']).canActivate(context('POST', '/api/v1/ledger-entries'))).rejects.toMatchObject({
      response: { error: 'forbidden', message: 'book a ledger entry: requires the role finance; you have auditor, youth_office' },
    });
    await expect(guardFor([]).canActivate(context('GET', '/api/v1/ledger-entries'))).rejects.toMatchObject({ response: { message: expect.stringContaining('you have no role') } });
  });

  it('answers HEAD like GET', async () => {
    await expect(guardFor(['auditor']).canActivate(context('HEAD', '/api/v1/ledger-entries/:id'))).resolves.toBe(true);
  });

  it('refuses an unknown user before it looks at permissions (401, not 403)', async () => {
    await expect(guardFor(undefined).canActivate(context('POST', '/api/v1/new-thing'))).rejects.toThrow(UnauthorizedException);
  });
});
