import type { ComponentType } from 'react';
import type { MessageKey } from '../i18n/messages';
import type { Role } from './session';

export interface PageRoute {
  path: string;
  /** Who may open the page; the API decides again on every read, the page only spares a useless trip. */
  roles: Role[];
  page: () => Promise<{ default: ComponentType }>;
  /** Shown in the side menu under this label (pages opened from a list, like one case, are not). */
  menu?: MessageKey;
}

const CASE_ROLES: Role[] = ['agent', 'department_owner', 'after_sales_manager', 'general_manager', 'administrator'];
const REPORT_READERS: Role[] = ['after_sales_manager', 'general_manager', 'department_owner'];
const STAFF: Role[] = ['agent', 'department_owner', 'after_sales_manager', 'general_manager', 'administrator', 'sales_owner'];

/** Every page of the app; the paths notifications link to (briefing contract 6) are among them. */
export const PAGE_ROUTES: PageRoute[] = [
  { path: 'queue', roles: ['agent', 'after_sales_manager'], page: () => import('../pages/agent/QueuePage'), menu: 'menu.queue' },
  { path: 'callbacks/:callbackId', roles: ['agent'], page: () => import('../pages/agent/CallPage') },
  { path: 'revisits', roles: ['agent'], page: () => import('../pages/agent/RevisitsPage'), menu: 'menu.revisits' },
  { path: 'my-cases', roles: ['department_owner'], page: () => import('../pages/cases/MyCasesPage'), menu: 'menu.myCases' },
  { path: 'cases', roles: ['after_sales_manager', 'general_manager', 'administrator'], page: () => import('../pages/cases/CaseBoardPage'), menu: 'menu.caseBoard' },
  { path: 'cases/:caseNo', roles: CASE_ROLES, page: () => import('../pages/cases/CasePage') },
  { path: 'escalations', roles: ['after_sales_manager', 'general_manager'], page: () => import('../pages/cases/EscalationsPage'), menu: 'menu.escalations' },
  { path: 'reports', roles: REPORT_READERS, page: () => import('../pages/reports/ReportListPage'), menu: 'menu.reports' },
  { path: 'reports/:kind/:label', roles: REPORT_READERS, page: () => import('../pages/reports/ReportPage') },
  { path: 'leads', roles: ['after_sales_manager', 'general_manager', 'sales_owner'], page: () => import('../pages/LeadsPage'), menu: 'menu.leads' },
  { path: 'sales/:saleId', roles: ['agent', 'department_owner', 'after_sales_manager', 'general_manager', 'administrator'], page: () => import('../pages/SalePage') },
  { path: 'admin/people', roles: ['administrator'], page: () => import('../pages/admin/PeoplePage'), menu: 'menu.people' },
  { path: 'admin/calendar', roles: ['administrator'], page: () => import('../pages/admin/CalendarPage'), menu: 'menu.calendar' },
  { path: 'admin/scripts', roles: ['administrator'], page: () => import('../pages/admin/CallScriptsPage'), menu: 'menu.scripts' },
  { path: 'admin/deliveries', roles: ['administrator'], page: () => import('../pages/admin/DeliveriesPage'), menu: 'menu.deliveries' },
  { path: 'admin/access-log', roles: ['administrator'], page: () => import('../pages/admin/AccessLogPage'), menu: 'menu.accessLog' },
  { path: 'inbox', roles: STAFF, page: () => import('../pages/InboxPage'), menu: 'menu.inbox' },
];

/** Where each role starts its day. */
const HOME: Partial<Record<Role, string>> = {
  agent: '/queue',
  department_owner: '/my-cases',
  after_sales_manager: '/cases',
  general_manager: '/escalations',
  administrator: '/admin/people',
  sales_owner: '/leads',
};

/** Where a person lands after signing in: the start page of their first role. */
export function homeOf(roles: Role[]): string {
  return roles.map((r) => HOME[r]).find(Boolean) ?? '/inbox';
}
