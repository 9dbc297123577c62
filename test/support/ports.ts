import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';

/** A port nothing listens on now, from the kernel: two test runs side by side never pick the same one. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** Ports for the metrics and health listeners of one API and one worker. */
export async function operationsPorts(): Promise<Record<'API_METRICS_PORT' | 'WORKER_METRICS_PORT' | 'WORKER_HEALTH_PORT', string>> {
  const [api, worker, health] = await Promise.all([freePort(), freePort(), freePort()]);
  return { API_METRICS_PORT: String(api), WORKER_METRICS_PORT: String(worker), WORKER_HEALTH_PORT: String(health) };
}
