import assert from 'node:assert/strict';
import type { Role } from '../../src/auth/roles.js';
import { ADMINISTRATOR, bearer } from './tokens.js';

/** A person the test creates in the directory through the administrator's API, with a password when given one. */
export async function addPerson(
  base: string,
  person: { id: string; displayName?: string; roles: Role[]; department?: string | null; email?: string },
  password?: string,
): Promise<void> {
  const headers = { 'content-type': 'application/json', ...bearer(ADMINISTRATOR) };
  const created = await fetch(`${base}/directory/people`, { method: 'POST', headers, body: JSON.stringify({ displayName: person.id, ...person }) });
  assert.equal(created.status, 201, await created.text());
  if (password !== undefined) {
    const set = await fetch(`${base}/directory/people/${person.id}/password`, { method: 'PUT', headers, body: JSON.stringify({ password }) });
    assert.equal(set.status, 204, await set.text());
  }
}

/** A department the tests share: created once, left as it is when another test created it first. */
export async function ensureDepartment(base: string, code: string, name: string): Promise<void> {
  const res = await fetch(`${base}/directory/departments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(ADMINISTRATOR) },
    body: JSON.stringify({ code, name }),
  });
  assert.ok([201, 409].includes(res.status), await res.text());
}

export interface SignedIn {
  /** The Cookie header of the session. */
  cookie: string;
  csrfToken: string;
  setCookie: string;
  body: { person: { id: string; roles: Role[] }; csrfToken: string; expiresAt: string };
}

/** Signs in through POST /auth/login; the answer must be 200. */
export async function signIn(base: string, username: string, password: string, headers: Record<string, string> = {}): Promise<SignedIn> {
  const res = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username, password }) });
  const body = (await res.json()) as SignedIn['body'];
  assert.equal(res.status, 200, JSON.stringify(body));
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { cookie: setCookie.split(';')[0]!, csrfToken: body.csrfToken, setCookie, body };
}
