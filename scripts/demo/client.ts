// The demo's HTTP calls: a bearer token per demo person, signed with the secret the API runs with, and a retry
// of what a client should retry (503, or no answer).
import { setTimeout as delay } from 'node:timers/promises';
import { issueToken } from '../../src/auth/auth.service.js';
import type { Role } from '../../src/auth/roles.js';

export interface Person {
  role: Role;
  id: string;
}

export interface Answer<T = unknown> {
  status: number;
  body: T;
}

export class DemoClient {
  private readonly tokens = new Map<string, string>();
  /** Answers by status, for the summary. */
  readonly statuses = new Map<number, number>();

  constructor(
    readonly base: string,
    private readonly secret: string,
  ) {}

  private async token({ role, id }: Person): Promise<string> {
    const key = `${role}:${id}`;
    if (!this.tokens.has(key)) this.tokens.set(key, await issueToken(this.secret, { sub: id, role, days: 1 }));
    return this.tokens.get(key)!;
  }

  async request<T = unknown>(method: string, path: string, as: Person, body?: unknown): Promise<Answer<T>> {
    for (let attempt = 1; ; attempt++) {
      let res: Response | undefined;
      try {
        res = await fetch(`${this.base}${path}`, {
          method,
          headers: { authorization: `Bearer ${await this.token(as)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(30_000),
        });
      } catch (err) {
        if (attempt >= 5) throw new Error(`${method} ${path}: no answer from ${this.base} (${(err as Error).message}); is npm start running?`, { cause: err });
      }
      if (res && (res.status !== 503 || attempt >= 5)) {
        const text = await res.text();
        this.statuses.set(res.status, (this.statuses.get(res.status) ?? 0) + 1);
        return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
      }
      await delay(1000 * attempt);
    }
  }

  get<T = unknown>(path: string, as: Person): Promise<Answer<T>> {
    return this.request<T>('GET', path, as);
  }

  post<T = unknown>(path: string, as: Person, body: unknown): Promise<Answer<T>> {
    return this.request<T>('POST', path, as, body);
  }

  /** The answer's body when its status is one of `ok`; otherwise an error naming the call and what the API said. */
  async expect<T>(answer: Promise<Answer<T>>, ok: number[], what: string): Promise<T> {
    const { status, body } = await answer;
    if (!ok.includes(status)) throw new Error(`${what}: ${status} ${JSON.stringify(body)}`);
    return body;
  }
}
