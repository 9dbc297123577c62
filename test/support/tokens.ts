import { issueToken } from '../../src/auth/auth.service.js';
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

/** A day's bearer token for the caller. */
export function tokenOf({ role, id }: Caller, secret = TEST_TOKEN_SECRET): string {
  return issueToken(secret, { sub: id, role, days: 1 });
}

/** The Authorization header of the caller. */
export const bearer = (caller: Caller): { authorization: string } => ({ authorization: `Bearer ${tokenOf(caller)}` });
