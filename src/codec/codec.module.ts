import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { CodecCorsMiddleware } from './codec-cors.middleware.js';
import { CodecController } from './codec.controller.js';
import { CodecSignInController } from './codec-sign-in.controller.js';
import { CodecService } from './codec.service.js';

@Module({ controllers: [CodecController, CodecSignInController], providers: [CodecService] })
export class CodecModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(CodecCorsMiddleware)
      .forRoutes(
        ...['codec/decode', 'codec/encode'].flatMap((path) => [RequestMethod.POST, RequestMethod.OPTIONS].map((method) => ({ path, method }))),
      );
  }
}
