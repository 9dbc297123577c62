import cookieParser from 'cookie-parser';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import { BEARER_SCHEME, SESSION_SCHEME } from './auth/roles.decorator.js';
import { SESSION_COOKIE } from './auth/sessions.service.js';
import { AppExceptionFilter } from './common/exception.filter.js';
import { completeErrorResponses, documentIdempotencyKey } from './common/openapi.js';
import { describeValidation } from './common/openapi-validation.js';
import { FieldProblemDto, ProblemDto } from './common/problem.dto.js';
import { createValidationPipe } from './common/validation.js';
import type { Clock } from './common/clock.js';
import { NulInTextError } from './common/errors.js';
import type { AppConfig } from './config/config.js';
import { Logger } from 'nestjs-pino';
import { createLogger, type Logger as PinoLogger } from './logging/logger.js';
import { QuietBootLogger } from './logging/request-logging.js';
import { ApiMetrics } from './metrics/api-metrics.js';

export const OPENAPI_PATH = 'docs';
/** The largest JSON body the API reads; a sale delivery is a few KiB. */
export const BODY_LIMIT = '64kb';

/** PostgreSQL cannot store U+0000 in text and refuses the whole statement: such a body is refused as a whole, with 400. */
function refuseNul(key: string, value: unknown): unknown {
  if (typeof value === 'string' && value.includes('\u0000')) {
    throw new NulInTextError(`${key === '' ? 'the body' : `field ${key}`} holds the character U+0000, which is not allowed in text`);
  }
  return value;
}

/** Builds the HTTP application: one place for pipes, filters, limits and the OpenAPI document. */
export async function createApp(config: AppConfig, options: { clock?: Clock; logger?: PinoLogger } = {}): Promise<NestExpressApplication> {
  const logger = options.logger ?? createLogger(config, 'aftercare-api');
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger, options.clock), { bodyParser: false, bufferLogs: true });
  app.useLogger(new QuietBootLogger(app.get(Logger)));
  // First, so that requests the body parser refuses are counted too.
  app.use(app.get(ApiMetrics).middleware);
  app.useBodyParser('json', { limit: BODY_LIMIT, reviver: refuseNul });
  // The client address counts failed sign-ins; behind a reverse proxy it comes from X-Forwarded-For.
  app.set('trust proxy', config.TRUST_PROXY);
  app.use(cookieParser());
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AppExceptionFilter());
  app.enableShutdownHooks();

  SwaggerModule.setup(OPENAPI_PATH, app, openApiDocument(app), { jsonDocumentUrl: `${OPENAPI_PATH}/openapi.json` });
  return app;
}

/** The OpenAPI document of the app's routes, as /docs serves it; also what the web app's client is generated from. */
export function openApiDocument(app: NestExpressApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Aftercare')
      .setDescription(
        'After-sales satisfaction follow-up: sales, callbacks, feedback cases, reports. Every route but the public ones ' +
          'needs `Authorization: Bearer <token>` (service accounts; tokens come from `npm run token -- --role <role> --id <id>`) ' +
          'or the session cookie `aftercare_session` of a person signed in with `POST /auth/login`, with one of the roles ' +
          'its description names (`x-roles`). With the cookie, POST, PUT, PATCH and DELETE also need the header ' +
          '`X-CSRF-Token` with the session\'s csrfToken.',
      )
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'HS256 token with sub (who) and role' }, BEARER_SCHEME)
      .addCookieAuth(SESSION_COOKIE, { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'the session of a person signed in with POST /auth/login' }, SESSION_SCHEME)
      .build(),
    { extraModels: [ProblemDto, FieldProblemDto] },
  );
  return describeValidation(completeErrorResponses(documentIdempotencyKey(document), BODY_LIMIT.replace('kb', ' KiB')));
}
