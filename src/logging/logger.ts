import { trace } from '@opentelemetry/api';
import { TemporalFailure } from '@temporalio/common';
import { pino, stdTimeFunctions, type Logger, type LoggerOptions } from 'pino';
import type { AppConfig } from '../config/config.js';

export type { Logger };

/**
 * An error as it may be logged: its type, codes and stack frames. The message is kept only for Temporal failures
 * (written by this code, ids only); a driver's message can quote the values of the row it failed on.
 */
export interface LoggedError {
  type: string;
  message?: string;
  code?: string;
  failureType?: string;
  stack?: string;
  cause?: LoggedError;
}

export function safeError(err: unknown, depth = 0): LoggedError {
  if (!(err instanceof Error)) return { type: typeof err };
  const { code, type } = err as { code?: unknown; type?: unknown };
  const logged: LoggedError = { type: err.name };
  if (err instanceof TemporalFailure) logged.message = err.message;
  if (typeof code === 'string' || typeof code === 'number') logged.code = String(code);
  if (typeof type === 'string') logged.failureType = type;
  const frames = err.stack?.split('\n').filter((line) => /^\s+at /.test(line)).join('\n');
  if (frames) logged.stack = frames;
  if (err.cause !== undefined && depth < 3) logged.cause = safeError(err.cause, depth + 1);
  return logged;
}

/** One line describing an error without its message: `Type (code X, type Y) <- Cause`. */
export function describeError(err: unknown, depth = 0): string {
  if (!(err instanceof Error)) return typeof err;
  const { code, failureType } = safeError(err, 3);
  const detail = [code !== undefined ? `code ${code}` : '', failureType ? `type ${failureType}` : ''].filter(Boolean).join(', ');
  const own = `${err.name}${detail ? ` (${detail})` : ''}`;
  return err.cause !== undefined && depth < 3 ? `${own} <- ${describeError(err.cause, depth + 1)}` : own;
}

/** The ids of the active trace span, when tracing is on, so that a log line leads to its trace. */
function traceIds(): Record<string, string> {
  const context = trace.getActiveSpan()?.spanContext();
  return context && trace.isSpanContextValid(context) ? { traceId: context.traceId, spanId: context.spanId } : {};
}

/** The process's one logger: JSON lines on stdout (or pino-pretty's form), at LOG_LEVEL. */
export function createLogger(config: Pick<AppConfig, 'LOG_LEVEL' | 'LOG_FORMAT'>, service: string): Logger {
  const options: LoggerOptions = {
    level: config.LOG_LEVEL,
    base: { service },
    timestamp: stdTimeFunctions.isoTime,
    serializers: { err: safeError, error: safeError },
    mixin: traceIds,
  };
  if (config.LOG_FORMAT === 'pretty') {
    return pino({
      ...options,
      transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service', singleLine: true } },
    });
  }
  return pino({ ...options, formatters: { level: (label) => ({ level: label }) } });
}
