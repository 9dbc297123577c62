/**
 * The fuzz run's data, so that list and detail answers carry real records whose schemas are checked:
 *   node dist/scripts/fuzz/seed.js calendar <file>   an always-open calendar for the worker (every day a working day)
 *   node dist/scripts/fuzz/seed.js journey <api-url> <ids.json>
 *     the example department owner in the directory, a sale whose callback is claimed and answered dissatisfied (a case
 *     and a lead), a returned sale and a monthly report
 *     (schedule triggered); the ids of these records are written to ids.json for the hooks to aim requests at
 * Ids are the OpenAPI document's examples (S-2026-0001, C-1001), so the examples phase finds them.
 * Settings from the environment: AUTH_TOKEN_SECRET, TEMPORAL_ADDRESS, TEMPORAL_TASK_QUEUE, COMPANY_TIME_ZONE.
 */
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { issueToken } from '../../src/auth/auth.service.js';
import type { Role } from '../../src/auth/roles.js';
import { loadConfig } from '../../src/config/config.js';
import { applyReportSchedules, reportScheduleId } from '../../src/reports/report-schedules.js';
import { addDays, toCompanyTime } from '../../workflows/domain/company-time.js';

const [command, target, idsFile] = process.argv.slice(2);

async function alwaysOpenCalendar(file: string): Promise<void> {
  const year = new Date().getUTCFullYear();
  const weekends = (y: number) => {
    const days: string[] = [];
    for (let d = new Date(Date.UTC(y, 0, 1)); d.getUTCFullYear() === y; d.setUTCDate(d.getUTCDate() + 1)) {
      if (d.getUTCDay() === 0 || d.getUTCDay() === 6) days.push(d.toISOString().slice(0, 10));
    }
    return days;
  };
  const years = Object.fromEntries([year, year + 1].map((y) => [y, { official: true, holidays: [], workdays: weekends(y) }]));
  await writeFile(file, JSON.stringify({ version: 'fuzz-always-open', years }));
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, seconds = 60): Promise<T> {
  for (let i = 0; i < seconds * 4; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(250);
  }
  throw new Error(`fuzz seed: gave up waiting for ${what}`);
}

async function journey(base: string, ids: string): Promise<void> {
  const config = loadConfig();
  const token = async (role: Role, sub: string) => `Bearer ${await issueToken(config.AUTH_TOKEN_SECRET, { sub, role, days: 1 })}`;
  const call = async (method: string, path: string, role: Role, sub: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: await token(role, sub), 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`fuzz seed: ${method} ${path} answered ${res.status}: ${text}`);
    return JSON.parse(text);
  };

  const today = toCompanyTime(new Date(), config.COMPANY_TIME_ZONE).date;
  const delivery = (saleId: string, customerId: string) => ({
    saleId,
    orderNo: `PO-${saleId}`,
    customer: { id: customerId, name: '华东第一人民医院', category: 'medical', keyAccount: true, region: '华东', industry: 'healthcare' },
    buyer: { name: '王芳', phone: '+86 138 0013 8000', title: '采购主管' },
    actualUser: { name: '李强', phone: '+86 139 0013 9000', title: '设备科科长' },
    product: { model: 'XR-200', quantity: 2 },
    deliveredOn: addDays(today, -40),
    warrantyMonths: 12,
    salesOwner: 'li.lei',
  });
  // The document's example owner, so that an example assignment passes the directory check and reaches the workflow.
  await call('POST', '/directory/departments', 'administrator', 'fuzz-administrator', { code: 'rnd', name: '研发部' });
  await call('POST', '/directory/people', 'administrator', 'fuzz-administrator', { id: 'wang.gong', displayName: '王工', roles: ['department_owner'], department: 'rnd' });
  await call('POST', '/sales', 'sales_system', 'sales-system', delivery('S-2026-0001', 'C-1001'));
  await call('POST', '/sales', 'sales_system', 'sales-system', delivery('S-2026-0002', 'C-1002'));
  await until('the first callback to open', async () => {
    const sale = await call('GET', '/sales/S-2026-0001', 'agent', 'A-1001');
    return sale.callbacks?.[0]?.status === 'due' ? true : undefined;
  });
  await call('POST', '/callbacks/S-2026-0001-C1/claim', 'agent', 'A-1001', {});
  const answered = await call('POST', '/callbacks/S-2026-0001-C1/results', 'agent', 'A-1001', {
    attemptId: randomUUID(),
    outcome: 'survey_done',
    survey: {
      method: 'phone',
      usage: { location: '放射科', city: '上海', hoursPerDay: 6 },
      overall: { scale: 'score_0_to_100', score: 60 },
      productRating: { scale: 'score_1_to_5', score: 2 },
      saysDissatisfied: true,
      complainedToManagement: false,
      seriousOpinion: false,
      opinions: '售后响应太慢',
      repurchaseIntent: 'a second unit for the new ward',
    },
  });
  await call('POST', '/sales/S-2026-0002/cancellation', 'sales_system', 'sales-system', { reason: 'return', note: 'wrong model' });

  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  try {
    const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
    await applyReportSchedules(client, { taskQueue: config.TEMPORAL_TASK_QUEUE, timeZone: config.COMPANY_TIME_ZONE });
    await client.schedule.getHandle(reportScheduleId('monthly')).trigger();
  } finally {
    await connection.close();
  }
  const report = await until('the monthly report', async () => (await call('GET', '/reports', 'general_manager', 'gm.wang')).items?.[0]);
  await until('the feedback case', async () => ((await call('GET', '/feedback-cases', 'after_sales_manager', 'mgr.chen')).items?.length > 0 ? true : undefined));
  const caseNo: string = answered.survey.feedbackCaseNo;
  await writeFile(ids, JSON.stringify({ saleId: 'S-2026-0001', callbackId: 'S-2026-0001-C2', customerId: 'C-1001', caseNo, kind: report.kind, label: report.label }));
  console.log('fuzz seed: two sales (one returned), a claimed and answered callback, a feedback case, a lead and a monthly report');
}

if (command === 'calendar' && target) await alwaysOpenCalendar(target);
else if (command === 'journey' && target && idsFile) await journey(target, idsFile);
else {
  console.error('usage: seed.js calendar <file> | seed.js journey <api-url> <ids.json>');
  process.exit(2);
}
