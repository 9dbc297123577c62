// Every HTTP call the benchmark makes goes through this module: one place for the base URL, the headers
// (authentication is added here) and the request bodies whose fields may change.

import { issueToken } from '../src/auth/auth.service.js';
import { DEVELOPMENT_TOKEN_SECRET } from '../src/config/config.js';

export interface Timed<T> {
  status: number;
  body: T;
  ms: number;
}

export interface ApiClient {
  readonly base: string;
  health(): Promise<boolean>;
  deliverSale(delivery: unknown): Promise<Timed<{ created?: boolean }>>;
  getSale<T>(saleId: string): Promise<Timed<T>>;
  listCallbacks<T>(query: Record<string, string | number>): Promise<Timed<T>>;
  claimCallback(callbackId: string, agentId: string): Promise<Timed<unknown>>;
  recordResult(callbackId: string, agentId: string, result: Record<string, unknown>): Promise<Timed<unknown>>;
  reportFigures<T>(start: string, end: string): Promise<Timed<T>>;
}

const tokens = new Map<string, Promise<string>>();

/** Headers every request carries: a bearer token per role (and agent), signed with the API's secret once. */
async function headers(role: 'sales_system' | 'agent' | 'manager', agentId = 'bench.reader'): Promise<Record<string, string>> {
  const claims = role === 'agent' ? { sub: agentId, role } : role === 'manager' ? { sub: 'bench.manager', role: 'after_sales_manager' as const } : { sub: 'sales-system', role };
  const key = `${claims.role}:${claims.sub}`;
  if (!tokens.has(key)) tokens.set(key, issueToken(process.env.AUTH_TOKEN_SECRET ?? DEVELOPMENT_TOKEN_SECRET, { ...claims, days: 1 }));
  return { 'content-type': 'application/json', authorization: `Bearer ${await tokens.get(key)}` };
}

export function apiClient(base: string): ApiClient {
  async function call<T>(method: 'GET' | 'POST', path: string, pending: Promise<Record<string, string>>, body?: unknown): Promise<Timed<T>> {
    const hdrs = await pending;
    const started = performance.now();
    const res = await fetch(`${base}${path}`, {
      method,
      headers: hdrs,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    const ms = performance.now() - started;
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Left as text: an error page is reported as it came.
    }
    return { status: res.status, body: parsed as T, ms };
  }

  return {
    base,
    async health() {
      try {
        return (await fetch(`${base}/health`)).ok;
      } catch {
        return false;
      }
    },
    deliverSale: (delivery) => call('POST', '/sales', headers('sales_system'), delivery),
    getSale: (saleId) => call('GET', `/sales/${encodeURIComponent(saleId)}`, headers('agent')),
    listCallbacks: (query) =>
      call('GET', `/callbacks?${new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString()}`, headers('agent')),
    claimCallback: (callbackId, agentId) =>
      call('POST', `/callbacks/${encodeURIComponent(callbackId)}/claim`, headers('agent', agentId), { agentId }),
    recordResult: (callbackId, agentId, result) =>
      call('POST', `/callbacks/${encodeURIComponent(callbackId)}/results`, headers('agent', agentId), { agentId, ...result }),
    reportFigures: (start, end) => call('GET', `/reports?start=${start}&end=${end}`, headers('manager')),
  };
}
