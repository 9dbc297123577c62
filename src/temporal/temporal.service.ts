import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { encryptingDataConverter } from './payload-codec.js';

/** The API's one Temporal client. The connection is lazy so the API starts, and recovers, while Temporal is down. */
@Injectable()
export class TemporalService implements OnApplicationShutdown {
  readonly connection: Connection;
  readonly client: Client;
  readonly taskQueue: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.connection = Connection.lazy({ address: config.TEMPORAL_ADDRESS });
    this.client = new Client({
      connection: this.connection,
      namespace: config.TEMPORAL_NAMESPACE,
      dataConverter: encryptingDataConverter(config.payloadKeys),
    });
    this.taskQueue = config.TEMPORAL_TASK_QUEUE;
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
