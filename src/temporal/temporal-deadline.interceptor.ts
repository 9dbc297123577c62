import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { TemporalService } from './temporal.service.js';

/**
 * Every Temporal call a request makes (start, query, signal, update and its polling) shares one deadline, so a request
 * never waits on Temporal longer than TEMPORAL_CALL_TIMEOUT_MS: past it the answer is 503, and an update sent
 * meanwhile is still applied once its workflow runs again (repeating it with the same ids is safe).
 */
@Injectable()
export class TemporalDeadlineInterceptor implements NestInterceptor {
  constructor(private readonly temporal: TemporalService) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    // next.handle() binds the handler to the async context it is called in: it must be called inside withDeadline.
    return from(this.temporal.withinDeadline(() => lastValueFrom(next.handle(), { defaultValue: undefined })));
  }
}
