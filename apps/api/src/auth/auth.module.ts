import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { OidcVerifier } from './oidc-verifier';
import { UserDirectory } from './user-directory';

/** Authentication (development login or OpenID Connect) and per-action permissions for every route that is not @Public(). */
@Module({ providers: [UserDirectory, OidcVerifier, { provide: APP_GUARD, useClass: AuthGuard }] })
export class AuthModule {}
