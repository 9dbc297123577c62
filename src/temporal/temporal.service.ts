import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { encryptingDataConverter } from './payload-codec.js';

/**
 * An unreachable server is retried for about a second, not the SDK's default of about 20: an agent waiting on a
 * save learns at once that it did not go through. The channel reconnects within a second once the server is back.
 */
const RPC_ATTEMPTS = 5;
const CHANNEL_ARGS = { 'grpc.initial_reconnect_backoff_ms': 250, 'grpc.max_reconnect_backoff_ms': 1000 };

/** The API's one Temporal client. The connection is lazy so the API starts, and recovers, while Temporal is down. */
@Injectable()
export class TemporalService implements OnApplicationShutdown {
  readonly connection: Connection;
  readonly client: Client;
  readonly taskQueue: string;
  private readonly callTimeoutMs: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.connection = Connection.lazy({
      address: config.TEMPORAL_ADDRESS,
      interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: RPC_ATTEMPTS }))],
      channelArgs: CHANNEL_ARGS,
    });
    this.client = new Client({
      connection: this.connection,
      namespace: config.TEMPORAL_NAMESPACE,
      dataConverter: encryptingDataConverter(config.payloadKeys),
    });
    this.taskQueue = config.TEMPORAL_TASK_QUEUE;
    this.callTimeoutMs = config.TEMPORAL_CALL_TIMEOUT_MS;
  }

  /** Runs `fn` with every Temporal call in it bound to one deadline, TEMPORAL_CALL_TIMEOUT_MS from now. */
  withinDeadline<T>(fn: () => Promise<T>): Promise<T> {
    return this.connection.withDeadline(Date.now() + this.callTimeoutMs, fn);
  }

  async isReachable(timeoutMs = 2000): Promise<boolean> {
    try {
      await this.connection.withDeadline(Date.now() + timeoutMs, () =>
        this.connection.workflowService.getSystemInfo({}),
      );
      return true;
    } catch {
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
