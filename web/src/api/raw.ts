// Calls to endpoints that other branches are still adding; each moves to the generated client once it is there.
import { ApiError, csrfHeader } from './client';

export async function getJson<T>(path: string, query: Record<string, string | number | boolean | undefined> = {}): Promise<T> {
  const params = new URLSearchParams(Object.entries(query).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]])));
  const response = await fetch(`${path}${params.size ? `?${params}` : ''}`, { credentials: 'same-origin' });
  const body = (await response.json().catch(() => ({}))) as Record<string, never>;
  if (!response.ok) throw new ApiError(response.status, body);
  return body as T;
}

export async function sendJson<T>(method: 'POST' | 'PUT' | 'PATCH', path: string, body: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', ...csrfHeader() },
    body: JSON.stringify(body),
  });
  const answer = (await response.json().catch(() => ({}))) as Record<string, never>;
  if (!response.ok) throw new ApiError(response.status, answer);
  return answer as T;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}
