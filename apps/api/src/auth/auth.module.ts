import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { UserDirectory } from './user-directory';

/** Authentication for every route that is not marked @Public(). */
@Module({ providers: [UserDirectory, { provide: APP_GUARD, useClass: AuthGuard }] })
export class AuthModule {}
