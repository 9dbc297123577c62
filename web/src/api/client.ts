import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

/** What the API answers with on an error: `{statusCode, error, message, fields?}` (src/common/problem.dto.ts). */
export type Problem = Schemas['ProblemDto'];

/** An answer other than 2xx, with the API's own message and field problems. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<Problem>,
  ) {
    super(problem.message ?? `HTTP ${status}`);
  }
  /** The problems of each named field, e.g. {"survey.overall.score": ["must be …"]}. */
  get fields(): Record<string, string[]> {
    return Object.fromEntries((this.problem.fields ?? []).map((f) => [f.field, f.problems]));
  }
}

let csrfToken: string | undefined;
/** The session's CSRF token (from POST /auth/login or GET /auth/session): sent on every state-changing request. */
export const setCsrfToken = (token: string | undefined): void => {
  csrfToken = token;
};

let onUnauthorized: () => void = () => {};
/** What to do when the session has ended (401): the app shows the sign-in page. */
export const setUnauthorizedHandler = (handler: () => void): void => {
  onUnauthorized = handler;
};

const session: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && request.method !== 'HEAD' && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && !new URL(request.url).pathname.startsWith('/auth/')) onUnauthorized();
    return response;
  },
};

/** The API on this origin: the session cookie goes along, no token is ever in the page. */
export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(session);

/** The data of an openapi-fetch answer, or an ApiError. */
export async function data<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, error ?? {});
  return data as T;
}
