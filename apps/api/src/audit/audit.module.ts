import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditQueryRepository } from './audit-query.repository';
import { AuditQueryService } from './audit-query.service';
import { AuditService } from './audit.service';

/** Writes audit events (AuditService, inside each change's transaction) and serves the read-only audit log. */
@Module({ controllers: [AuditController], providers: [AuditService, AuditQueryRepository, AuditQueryService], exports: [AuditService] })
export class AuditModule {}
