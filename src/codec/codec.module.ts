import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { CodecCorsMiddleware } from './codec-cors.middleware.js';
import { CodecController } from './codec.controller.js';
import { CodecSessionController } from './codec-session.controller.js';
import { CodecService } from './codec.service.js';

@Module({ controllers: [CodecController, CodecSessionController], providers: [CodecService] })
export class CodecModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(CodecCorsMiddleware)
      .forRoutes({ path: 'codec/decode', method: RequestMethod.ALL }, { path: 'codec/encode', method: RequestMethod.ALL });
  }
}
