import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { LoggingModule } from '@app/logging';
import { TemporalClientModule } from '@app/temporal';
import { ApplicationsModule } from './applications/applications.module';
import { AuthModule } from './auth/auth.module';
import { IdempotencyInterceptor } from './common/idempotency';
import { BudgetModule } from './budget/budget.module';
import { CouncilPapersModule } from './council-papers/council-papers.module';
import { HealthModule } from './health/health.module';
import { NotificationsModule } from './notifications/notifications.module';
import { ProgrammesModule } from './programmes/programmes.module';
import { RemindersModule } from './reminders/reminders.module';
import { OrganisationModule } from './organisation/organisation.module';
import { PositionsModule } from './positions/positions.module';
import { MilestonesModule } from './milestones/milestones.module';
import { FundingRecordsModule } from './funding-records/funding-records.module';

@Module({
  // Every POST is idempotent under an Idempotency-Key (common/idempotency.ts).
  providers: [{ provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
  imports: [ConfigModule, LoggingModule, DatabaseModule, TemporalClientModule, AuthModule, HealthModule, RemindersModule, NotificationsModule, BudgetModule, ProgrammesModule, ApplicationsModule, CouncilPapersModule, OrganisationModule, PositionsModule, MilestonesModule, FundingRecordsModule],
})
export class AppModule {}
