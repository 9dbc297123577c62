import { Client, Connection } from '@temporalio/client';
import type { AppConfig } from '../config/config.js';
import { encryptingDataConverter } from './payload-codec.js';

/** For the commands (schedules, report runs, the demo): a client of the configured namespace that encrypts as the API does, closed after `use`. */
export async function withTemporalClient<T>(config: AppConfig, use: (client: Client) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  try {
    return await use(new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: encryptingDataConverter(config.payloadKeys) }));
  } finally {
    await connection.close();
  }
}
