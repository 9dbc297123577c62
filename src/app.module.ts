import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from './auth/auth.module.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { ArchiveModule } from './archive/archive.module.js';
import { CallScriptsModule } from './call-scripts/call-scripts.module.js';
import { CallbacksModule } from './callbacks/callbacks.module.js';
import { CodecModule } from './codec/codec.module.js';
import { ContactsModule } from './contacts/contacts.module.js';
import { DirectoryModule } from './directory/directory.module.js';
import type { Clock } from './common/clock.js';
import type { AppConfig } from './config/config.js';
import { ConfigModule } from './config/config.module.js';
import { ormConfig } from './database/orm-config.js';
import { FeedbackModule } from './feedback/feedback.module.js';
import { HealthModule } from './health/health.module.js';
import { IdempotencyModule } from './idempotency/idempotency.module.js';
import { LeadsModule } from './leads/leads.module.js';
import type { Logger } from './logging/logger.js';
import { requestLogging } from './logging/request-logging.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { SalesModule } from './sales/sales.module.js';
import { TemporalModule } from './temporal/temporal.module.js';
import { WebAppModule } from './web-app/web-app.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, clock),
        requestLogging(logger),
        MetricsModule,
        AuthModule,
        // MikroORM 7 connects on first use, so the API starts while PostgreSQL is down and answers 503 until it is back.
        MikroOrmModule.forRoot(ormConfig(config.DATABASE_URL)),
        IdempotencyModule,
        TemporalModule,
        SalesModule,
        CallbacksModule,
        ContactsModule,
        CallScriptsModule,
        LeadsModule,
        FeedbackModule,
        ArchiveModule,
        CalendarModule,
        ReportsModule,
        NotificationsModule,
        HealthModule,
        CodecModule,
        WebAppModule,
        DirectoryModule,
      ],
    };
  }
}
