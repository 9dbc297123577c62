import { fileURLToPath } from 'node:url';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { PersonCredential } from '../auth/credential.entity.js';
import { Session } from '../auth/session.entity.js';
import { BusinessCalendarYear } from '../calendar/business-calendar-year.entity.js';
import { CallScript } from '../call-scripts/call-script.entity.js';
import { CallAttempt } from '../callbacks/call-attempt.entity.js';
import { Callback } from '../callbacks/callback.entity.js';
import { SurveyRecord } from '../callbacks/survey-record.entity.js';
import { ContactAccess } from '../contacts/contact-access.entity.js';
import { Customer } from '../customers/customer.entity.js';
import { CaseEventRecord } from '../feedback/case-event.entity.js';
import { CorrectiveAction } from '../feedback/corrective-action.entity.js';
import { FeedbackCase, FeedbackCaseSequence } from '../feedback/feedback-case.entity.js';
import { Department } from '../directory/department.entity.js';
import { Person } from '../directory/person.entity.js';
import { IdempotentRequest } from '../idempotency/idempotent-request.entity.js';
import { Lead } from '../leads/lead.entity.js';
import { InboxItem } from '../notifications/inbox-item.entity.js';
import { NotificationDelivery } from '../notifications/notification-delivery.entity.js';
import { Notification } from '../notifications/notification.entity.js';
import { Report } from '../reports/report.entity.js';
import { SaleCorrection } from '../sales/sale-correction.entity.js';
import { Sale } from '../sales/sale.entity.js';

export const ENTITIES = [
  Customer,
  Sale,
  SaleCorrection,
  Callback,
  CallAttempt,
  SurveyRecord,
  Lead,
  Notification,
  InboxItem,
  NotificationDelivery,
  FeedbackCase,
  FeedbackCaseSequence,
  CaseEventRecord,
  CorrectiveAction,
  BusinessCalendarYear,
  Report,
  IdempotentRequest,
  Department,
  Person,
  CallScript,
  ContactAccess,
  PersonCredential,
  Session,
];

const migrationsPath = fileURLToPath(new URL('../../migrations', import.meta.url));

/** One ORM configuration for the API, the worker, the migrate command and the tests. */
export function ormConfig(databaseUrl: string, overrides: Partial<Options> = {}): Options {
  return defineConfig({
    clientUrl: databaseUrl,
    entities: ENTITIES,
    extensions: [Migrator],
    migrations: { path: migrationsPath, glob: '!(*.d).js', silent: true, snapshot: false },
    pool: { min: 0, max: 10 },
    ...overrides,
  });
}
