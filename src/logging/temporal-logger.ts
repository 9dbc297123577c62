import type { LogLevel, LogMetadata, Logger as SdkLogger } from '@temporalio/common';
import type { Logger } from './logger.js';
import { safeError } from './logger.js';

const LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** The SDK names the same ids differently in workflow, activity and core lines; the log stream uses one name each. */
const RENAMED: Record<string, string> = {
  workflowRunId: 'runId',
  run_id: 'runId',
  workflow_id: 'workflowId',
  task_queue: 'taskQueue',
  trace_id: 'traceId',
  span_id: 'spanId',
};
/** Opaque to a reader, and long: the activity's task token; the trace flags. */
const DROPPED = new Set(['taskToken', 'trace_flags']);

function fields(meta: LogMetadata | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(meta ?? {})) {
    if (DROPPED.has(key)) continue;
    out[RENAMED[key] ?? key] = value instanceof Error ? safeError(value) : value;
  }
  return out;
}

/**
 * The Temporal runtime's logger (Runtime.install({ logger })): the SDK's own lines, the workflows' and activities'
 * context loggers and, forwarded, the Rust core's, all as lines of the worker's pino stream.
 */
export class TemporalPinoLogger implements SdkLogger {
  constructor(private readonly pino: Logger) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    const method = LEVELS[level] ?? 'info';
    if (this.pino.isLevelEnabled(method)) this.pino[method](fields(meta), message);
  }

  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }

  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }

  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }

  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }

  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}
