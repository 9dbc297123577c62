import { createHmac } from 'node:crypto';
import type { Role } from '../../src/auth/roles.js';

/** The secret the tests' API processes are configured with (not the development default, to prove it is read). */
export const TEST_TOKEN_SECRET = 'aftercare-tests-token-secret-0123456789';

/** Who a test request comes from. */
export interface Caller {
  role: Role;
  id: string;
}

export const as = (role: Role, id: string): Caller => ({ role, id });

export const SALES_SYSTEM = as('sales_system', 'sales-system');
export const AGENT = as('agent', 'A-1001');
export const DEPARTMENT_OWNER = as('department_owner', 'owner.liu');
export const MANAGER = as('after_sales_manager', 'mgr.chen');
export const GENERAL_MANAGER = as('general_manager', 'gm.wang');
export const ADMINISTRATOR = as('administrator', 'admin');
export const OPERATOR = as('operator', 'ops');
export const SALES_OWNER = as('sales_owner', 'li.lei');

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A day's bearer token for the caller, synchronously, so that a request's headers can be written inline. The service
 * signs and verifies with jose (src/auth/token.ts); this is a plain RFC 7515 HS256 signature, so every test that
 * sends one also shows that jose accepts a standard token from another implementation.
 */
export function tokenOf({ role, id }: Caller, secret = TEST_TOKEN_SECRET, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ role, sub: id, iat, exp: iat + 86_400 })}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** The Authorization header of the caller. */
export const bearer = (caller: Caller): { authorization: string } => ({ authorization: `Bearer ${tokenOf(caller)}` });
