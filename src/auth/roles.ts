import { CASE_ROLES, type CaseRole } from '../../workflows/feedback-types.js';

/**
 * Who calls the API. `operator` runs Temporal (the payload codec endpoint); `sales_system` delivers and cancels sales;
 * `sales_owner` (销售负责人) receives the repurchase leads of their sales.
 */
export const ROLES = [
  'sales_system',
  'agent',
  'department_owner',
  'after_sales_manager',
  'general_manager',
  'administrator',
  'operator',
  'sales_owner',
] as const;
export type Role = (typeof ROLES)[number];

/** The company's people who work with the follow-up (not the sales system, not Temporal's operator). */
export const STAFF_ROLES = ['agent', 'department_owner', 'after_sales_manager', 'general_manager', 'administrator'] as const satisfies readonly Role[];

export const isRole = (value: unknown): value is Role => ROLES.includes(value as Role);

/** The role a caller acts in on a feedback case or a report, or null for roles the workflows do not know. */
export function caseRoleOf(role: Role): CaseRole | null {
  return CASE_ROLES.includes(role as CaseRole) ? (role as CaseRole) : null;
}

/** One plain id: an agent (A-1001, zhang.wei), a manager, or a system (sales-system). */
export const ACTOR_ID = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/;
