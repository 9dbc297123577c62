import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TemporalDeadlineInterceptor } from './temporal-deadline.interceptor.js';
import { TemporalService } from './temporal.service.js';

@Global()
@Module({
  providers: [TemporalService, { provide: APP_INTERCEPTOR, useClass: TemporalDeadlineInterceptor }],
  exports: [TemporalService],
})
export class TemporalModule {}
