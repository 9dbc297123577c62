// Every HTTP call of the fault run goes through this module: one place for credentials.
import { issueToken } from '../../src/auth/auth.service.js';
import { DEVELOPMENT_TOKEN_SECRET } from '../../src/config/config.js';

/** Who makes a call, as the API's roles name them. */
export type Caller = { role: 'sales_system' } | { role: 'agent'; agentId: string } | { role: 'after_sales_manager' } | { role: 'operator' };

const tokens = new Map<string, Promise<string>>();

/** The caller's bearer token, signed once with the secret the API processes run with (they share this environment). */
async function credentials(caller: Caller): Promise<Record<string, string>> {
  const sub = caller.role === 'agent' ? caller.agentId : `faults.${caller.role}`;
  const key = `${caller.role}:${sub}`;
  if (!tokens.has(key)) tokens.set(key, issueToken(process.env.AUTH_TOKEN_SECRET ?? DEVELOPMENT_TOKEN_SECRET, { sub, role: caller.role, days: 1 }));
  return { authorization: `Bearer ${await tokens.get(key)}` };
}

/** One answer; status 0 when none came (refused connection, reset, or no answer within the timeout). */
export interface Answer<T = any> {
  status: number;
  body: T;
  ms: number;
  /** What went wrong when no answer came. */
  failure?: string;
}

export interface RouteFigures {
  requests: number;
  byStatus: Map<number, number>;
  /** Slowest answer per status. */
  slowestMs: Map<number, number>;
  /** Times of the 2xx answers, for percentiles. */
  acceptedMs: number[];
}

/** Counts every request and answer, by scenario and route, and keeps the unexpected 5xx for the report. */
export class Recorder {
  scenario = 'setup';
  private readonly figures = new Map<string, Map<string, RouteFigures>>();
  readonly serverErrors: { scenario: string; route: string; status: number; body: string }[] = [];

  record(route: string, answer: Answer): void {
    const byRoute = this.figures.get(this.scenario) ?? new Map<string, RouteFigures>();
    this.figures.set(this.scenario, byRoute);
    const figures: RouteFigures = byRoute.get(route) ?? { requests: 0, byStatus: new Map(), slowestMs: new Map(), acceptedMs: [] };
    byRoute.set(route, figures);
    figures.requests += 1;
    figures.byStatus.set(answer.status, (figures.byStatus.get(answer.status) ?? 0) + 1);
    figures.slowestMs.set(answer.status, Math.max(figures.slowestMs.get(answer.status) ?? 0, answer.ms));
    if (answer.status >= 200 && answer.status < 300) figures.acceptedMs.push(answer.ms);
    if (answer.status >= 500 && answer.status !== 503) {
      this.serverErrors.push({ scenario: this.scenario, route, status: answer.status, body: JSON.stringify(answer.body).slice(0, 300) });
    }
  }

  routes(scenario: string): Map<string, RouteFigures> {
    return this.figures.get(scenario) ?? new Map();
  }

  /** All routes of a scenario together. */
  total(scenario: string): RouteFigures {
    const total: RouteFigures = { requests: 0, byStatus: new Map(), slowestMs: new Map(), acceptedMs: [] };
    for (const figures of this.routes(scenario).values()) {
      total.requests += figures.requests;
      for (const [status, n] of figures.byStatus) total.byStatus.set(status, (total.byStatus.get(status) ?? 0) + n);
      for (const [status, ms] of figures.slowestMs) total.slowestMs.set(status, Math.max(total.slowestMs.get(status) ?? 0, ms));
      total.acceptedMs.push(...figures.acceptedMs);
    }
    return total;
  }
}

/** The p-th percentile (0–100) of `values`, 0 when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export class ApiClient {
  constructor(
    private readonly base: string,
    private readonly recorder: Recorder,
    private readonly timeoutMs: number,
  ) {}

  deliver(delivery: object): Promise<Answer> {
    return this.call('POST /sales', { role: 'sales_system' }, 'POST', '/sales', delivery);
  }

  sale(saleId: string): Promise<Answer> {
    return this.call('GET /sales/:id', { role: 'after_sales_manager' }, 'GET', `/sales/${encodeURIComponent(saleId)}`);
  }

  callbacks(query: Record<string, string>, agentId = 'faults.reader'): Promise<Answer> {
    return this.call('GET /callbacks', { role: 'agent', agentId }, 'GET', `/callbacks?${new URLSearchParams(query).toString()}`);
  }

  leads(query: Record<string, string>): Promise<Answer> {
    return this.call('GET /leads', { role: 'after_sales_manager' }, 'GET', `/leads?${new URLSearchParams(query).toString()}`);
  }

  feedbackCases(query: Record<string, string>): Promise<Answer> {
    return this.call('GET /feedback-cases', { role: 'after_sales_manager' }, 'GET', `/feedback-cases?${new URLSearchParams(query).toString()}`);
  }

  claim(callbackId: string, agentId: string): Promise<Answer> {
    return this.call('POST /callbacks/:id/claim', { role: 'agent', agentId }, 'POST', `/callbacks/${encodeURIComponent(callbackId)}/claim`, { agentId });
  }

  /** `result` carries attemptId, outcome and the outcome's fields; the agent id is added here. */
  recordResult(callbackId: string, agentId: string, result: object): Promise<Answer> {
    return this.call('POST /callbacks/:id/results', { role: 'agent', agentId }, 'POST', `/callbacks/${encodeURIComponent(callbackId)}/results`, {
      ...result,
      agentId,
    });
  }

  health(): Promise<Answer> {
    return this.call('GET /health', { role: 'operator' }, 'GET', '/health');
  }

  private async call(route: string, caller: Caller, method: string, path: string, body?: object): Promise<Answer> {
    const authorization = await credentials(caller);
    const started = performance.now();
    let answer: Answer;
    try {
      const response = await fetch(`${this.base}${path}`, {
        method,
        headers: { ...authorization, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: kept as text
      }
      answer = { status: response.status, body: parsed, ms: performance.now() - started };
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      answer = { status: 0, body: null, ms: performance.now() - started, failure: cause ?? (err as Error).name };
    }
    this.recorder.record(route, answer);
    return answer;
  }
}
