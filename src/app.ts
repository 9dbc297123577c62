import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import { AppExceptionFilter } from './common/exception.filter.js';
import { createValidationPipe } from './common/validation.js';
import type { AppConfig } from './config/config.js';

export const OPENAPI_PATH = 'docs';
const BODY_LIMIT = '256kb';

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
      .setDescription('After-sales satisfaction follow-up: sales, callbacks, feedback cases, reports')
      .setVersion('0.1.0')
      .build(),
  );
  SwaggerModule.setup(OPENAPI_PATH, app, document, { jsonDocumentUrl: `${OPENAPI_PATH}/openapi.json` });
  return app;
}
