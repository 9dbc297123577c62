import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import { BEARER_SCHEME } from './auth/roles.decorator.js';
import { AppExceptionFilter } from './common/exception.filter.js';
import { completeErrorResponses, documentIdempotencyKey } from './common/openapi.js';
import { describeValidation } from './common/openapi-validation.js';
import { FieldProblemDto, ProblemDto } from './common/problem.dto.js';
import { createValidationPipe } from './common/validation.js';
import type { AppConfig } from './config/config.js';

export const OPENAPI_PATH = 'docs';
/** The largest JSON body the API reads; a sale delivery is a few KiB. */
export const BODY_LIMIT = '64kb';

/** Builds the HTTP application: one place for pipes, filters, limits and the OpenAPI document. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: config.LOG_LEVEL === 'debug' ? ['error', 'warn', 'log', 'debug'] : ['error', 'warn', 'log'],
  });
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AppExceptionFilter());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Aftercare')
      .setDescription(
        'After-sales satisfaction follow-up: sales, callbacks, feedback cases, reports. Every route but /health and /docs ' +
          'needs `Authorization: Bearer <token>` with one of the roles its description names (`x-roles`); ' +
          'tokens come from `npm run token -- --role <role> --id <id>`.',
      )
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'HS256 token with sub (who) and role' }, BEARER_SCHEME)
      .build(),
    { extraModels: [ProblemDto, FieldProblemDto] },
  );
  SwaggerModule.setup(OPENAPI_PATH, app, describeValidation(completeErrorResponses(documentIdempotencyKey(document), BODY_LIMIT.replace('kb', ' KiB'))), {
    jsonDocumentUrl: `${OPENAPI_PATH}/openapi.json`,
  });
  return app;
}
