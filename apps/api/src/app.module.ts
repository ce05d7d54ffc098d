import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { LoggingModule } from '@app/logging';
import { TemporalClientModule } from '@app/temporal';
import { AuthModule } from './auth/auth.module';
import { HealthModule } from './health/health.module';
import { NotificationsModule } from './notifications/notifications.module';
import { RemindersModule } from './reminders/reminders.module';

@Module({
  imports: [ConfigModule, LoggingModule, DatabaseModule, TemporalClientModule, AuthModule, HealthModule, RemindersModule, NotificationsModule],
})
export class AppModule {}
