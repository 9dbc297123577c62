import { createServer } from 'node:net';

/** A port nothing listens on right now, so that runs side by side never collide. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Ports for the metrics and health listeners of one API and one worker. */
export async function operationsPorts(): Promise<Record<'API_METRICS_PORT' | 'WORKER_METRICS_PORT' | 'WORKER_HEALTH_PORT', string>> {
  const [api, worker, health] = await Promise.all([freePort(), freePort(), freePort()]);
  return { API_METRICS_PORT: String(api), WORKER_METRICS_PORT: String(worker), WORKER_HEALTH_PORT: String(health) };
}
