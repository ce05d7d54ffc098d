import { Module } from '@nestjs/common';
import { RemindersController } from './reminders.controller';
import { RemindersService } from './reminders.service';
import { AuditModule } from '../audit/audit.module';

@Module({ imports: [AuditModule], controllers: [RemindersController], providers: [RemindersService] })
export class RemindersModule {}
