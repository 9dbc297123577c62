// npm run demo: fills the development database through the API of a running `npm start` with a few months of sales,
// the agents' calls and surveys, feedback cases at every stage and this month's report. Run again, it adds nothing:
// every id and attempt id is fixed.
import { z } from 'zod';
import { ConfigError, loadConfig } from '../src/config/config.js';
import { runReport } from '../src/reports/run-report.js';
import { withTemporalClient } from '../src/temporal/command-client.js';
import type { CallbackPlanEntry } from '../workflows/callback-types.js';
import { addDays, atCompanyTime, toCompanyTime } from '../workflows/domain/company-time.js';
import type { SaleFollowUpState } from '../workflows/sale-types.js';
import { DemoClient, type Person } from './demo/client.js';
import { DEMO_PEOPLE, demoSales, demoSurvey, fixedUuid, type CallPlan, type DemoSale } from './demo/data.js';

const settings = z
  .object({
    /** The API to fill; by default the one `npm start` runs with this environment. */
    DEMO_API_URL: z.string().url().optional(),
    /** The ids' prefix: DEMO-S-0001, DEMO-C-001, … */
    DEMO_ID_PREFIX: z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,15}$/, 'must be 1–16 letters and digits, starting with a letter').default('DEMO'),
    DEMO_SALES: z.coerce.number().int().min(6).max(200).default(36),
    /** How long to wait for the late callbacks to open. */
    DEMO_WAIT_S: z.coerce.number().min(1).max(600).default(60),
  })
  .parse(process.env);

const say = (message: string) => console.log(`[demo] ${message}`);
const { agents, manager, owner, salesSystem } = DEMO_PEOPLE;
const agent = (id: string): Person => ({ role: 'agent', id });
const isOpen = (c: CallbackPlanEntry) => c.status === 'due' || c.status === 'claimed';

async function main(): Promise<void> {
  const config = loadConfig();
  const zone = config.COMPANY_TIME_ZONE;
  const api = new DemoClient(settings.DEMO_API_URL ?? `http://${config.API_HOST}:${config.API_PORT}`, config.AUTH_TOKEN_SECRET);
  const prefix = settings.DEMO_ID_PREFIX;
  const today = toCompanyTime(new Date(), zone).date;
  const sales = demoSales(prefix, today, settings.DEMO_SALES);
  const started = Date.now();

  const health = await fetch(`${api.base}/health`).catch(() => undefined);
  if (!health?.ok) throw new Error(`the API at ${api.base} is not ready (${health ? health.status : 'no answer'}): start it with npm start first`);

  // The demo acts as the people of the demo directory, which npm start loads in development.
  for (const person of [...agents, owner, manager]) {
    const { status } = await api.get(`/directory/people/${person.id}`, DEMO_PEOPLE.administrator);
    if (status === 404) {
      throw new Error(`${person.id} is not in the staff directory: npm start loads the demo directory in development, or run npm run directory:load -- scripts/demo-directory.json`);
    }
  }

  say(`${sales.length} sales, delivered between ${sales.map((s) => s.delivery.deliveredOn).sort()[0]} and ${today}, from the sales system`);
  let created = 0;
  for (const { delivery } of sales) {
    const answer = await api.expect(api.post<{ created: boolean }>('/sales', salesSystem, delivery), [200, 201], `POST /sales ${delivery.saleId}`);
    if (answer.created) created += 1;
  }
  say(`${created} new, ${sales.length - created} delivered before`);

  const states = await waitForLateCallbacks(api, sales);
  const waiting = [...states.values()].flatMap((s) => s.callbacks.filter((c) => c.late && c.status === 'scheduled'));
  if (waiting.length > 0) {
    const first = waiting.map((c) => c.dueAt).sort()[0];
    say(`${waiting.length} late callbacks open only at ${first}, the next call window on a working day: start the API with ` +
      'CALL_WINDOWS=00:00-23:59 npm start to call now, or run npm run demo again then');
  }

  say('the agents claim their calls, read the call sheet and record what came of each call');
  const calls = { claimed: 0, results: 0 };
  const opened: string[] = [];
  for (const sale of sales) {
    const state = states.get(sale.delivery.saleId)!;
    const open = state.callbacks.filter(isOpen);
    if (sale.plan === 'queue' || open.length === 0) continue;
    const caller = agent(sale.agentId);
    if (open.some((c) => c.status === 'due')) {
      await api.expect(api.post(`/calls/${sale.delivery.saleId}/claim`, caller, {}), [200], `claim the call of ${sale.delivery.saleId}`);
      calls.claimed += 1;
    }
    if (sale.plan === 'claimed') continue;
    await api.expect(api.get(`/callbacks/${open[0].callbackId}/call-sheet`, caller), [200], `the call sheet of ${open[0].callbackId}`);
    const { recorded, cases } = await recordCall(api, sale, open, zone, today);
    calls.results += recorded;
    opened.push(...cases);
  }
  say(`${calls.claimed} calls claimed, ${calls.results} results recorded`);

  await advanceCases(api, sales, opened);

  say('running the reports of this month and this quarter so far');
  await runReports(config, today);
  const labels = { monthly: today.slice(0, 7), quarterly: `${today.slice(0, 4)}-Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}` };
  for (const [kind, label] of Object.entries(labels)) {
    await waitUntil(`the ${kind} report ${label}`, async () => (await api.get(`/reports/${kind}/${label}`, manager)).status === 200);
  }

  const mine = <T extends { saleId: string }>(items: T[]) => items.filter((i) => i.saleId.startsWith(`${prefix}-S-`));
  const queue = mine(await allPages<{ saleId: string }>(api, '/calls', agent(agents[0].id)));
  const board = mine(await allPages<{ saleId: string; stage: string }>(api, '/feedback-cases', manager));
  const stages = board.reduce<Record<string, number>>((n, c) => ({ ...n, [c.stage]: (n[c.stage] ?? 0) + 1 }), {});
  say(`done in ${Math.round((Date.now() - started) / 1000)} s. Answers: ${[...api.statuses].map(([s, n]) => `${n} × ${s}`).join(', ')}`);
  say(`agents' queue: ${queue.length} calls; feedback cases: ${Object.entries(stages).map(([s, n]) => `${n} ${s}`).join(', ') || 'none'}`);
  say(`reports: GET /reports/monthly/${labels.monthly} and /reports/quarterly/${labels.quarterly} (awaiting approval by ${manager.id})`);
  say(`sign in (POST /auth/login, with the development password npm start printed) as ${[...agents.map((a) => a.id), owner.id, manager.id, DEMO_PEOPLE.generalManager.id, DEMO_PEOPLE.administrator.id].join(', ')}`);
}

/** Polls each sale's workflow until its late callbacks are open (or wait for a call window to come). */
async function waitForLateCallbacks(api: DemoClient, sales: DemoSale[]): Promise<Map<string, SaleFollowUpState>> {
  const states = new Map<string, SaleFollowUpState>();
  const deadline = Date.now() + settings.DEMO_WAIT_S * 1000;
  for (const { delivery } of sales) {
    for (;;) {
      const { status, body } = await api.get<SaleFollowUpState>(`/sales/${delivery.saleId}`, manager);
      const settled = status === 200 && body.stage !== 'registering' &&
        body.callbacks.every((c) => !c.late || c.status !== 'scheduled' || Date.parse(c.dueAt) > Date.now() + 5_000);
      if (settled) {
        states.set(delivery.saleId, body);
        break;
      }
      if (Date.now() > deadline) throw new Error(`sale ${delivery.saleId}'s late callbacks did not open within ${settings.DEMO_WAIT_S} s (is the worker running?)`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return states;
}

/** What the call came to, recorded for each callback of the call: how many results were new, and the cases opened. */
async function recordCall(api: DemoClient, sale: DemoSale, open: CallbackPlanEntry[], zone: string, today: string): Promise<{ recorded: number; cases: string[] }> {
  const caller = agent(sale.agentId);
  const n = Number(sale.delivery.saleId.slice(-4));
  let recorded = 0;
  const cases: string[] = [];
  const result = async (callbackId: string, step: string, body: Record<string, unknown>) => {
    const answer = await api.expect(
      api.post<{ applied: boolean; survey?: { feedbackCaseNo: string | null } }>(
        `/callbacks/${callbackId}/results`,
        caller,
        { attemptId: fixedUuid(`${callbackId}:${step}`), ...body },
      ),
      [200, 201],
      `the ${String(body.outcome)} result of ${callbackId}`,
    );
    if (answer.applied) recorded += 1;
    if (answer.survey?.feedbackCaseNo) cases.push(answer.survey.feedbackCaseNo);
  };
  const survey = (plan: CallPlan, i: number) => ({ outcome: 'survey_done', survey: demoSurvey(i === 0 ? plan : 'satisfied', n + i) });
  const each: Partial<Record<CallPlan, Record<string, unknown>>> = {
    busy: { outcome: 'busy', reason: '正在开会，明天下午再打', callBackAt: atCompanyTime(addDays(today, 1), 15 * 60 + 30, zone).toISOString() },
    no_answer: { outcome: 'no_answer' },
    refused: { outcome: 'refused', reason: '不接受电话回访' },
  };
  for (const [i, callback] of open.entries()) {
    if (each[sale.plan]) {
      await result(callback.callbackId, sale.plan, each[sale.plan]!);
    } else if (sale.plan === 'questionnaire' && i === 0) {
      await result(callback.callbackId, 'questionnaire', { outcome: 'questionnaire_sent' });
    } else {
      if (sale.plan === 'wrong_person' && i === 0) {
        const actualUser = { name: '郑晓雯', title: '设备管理员', phone: `+86 139 0000 ${String(5000 + n).slice(-4)}` };
        await result(callback.callbackId, 'wrong_person', { outcome: 'wrong_person', actualUser });
      }
      await result(callback.callbackId, 'survey', survey(sale.plan === 'wrong_person' || sale.plan === 'questionnaire' ? 'satisfied' : sale.plan, i));
    }
  }
  return { recorded, cases };
}

type Stage = 'registered' | 'assigned' | 'in_progress' | 'verifying' | 'revisiting' | 'closed';
const ORDER: Stage[] = ['registered', 'assigned', 'in_progress', 'verifying', 'revisiting', 'closed'];

/** Every item of a paged list. */
async function allPages<T>(api: DemoClient, path: string, as: Person): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const body = await api.expect(api.get<{ items: T[]; total: number }>(`${path}${path.includes('?') ? '&' : '?'}page=${page}&pageSize=200`, as), [200], `GET ${path}`);
    items.push(...body.items);
    if (body.items.length === 0 || items.length >= body.total) return items;
  }
}

/** Takes the demo's cases through their stages: one waits for its re-visit, one is closed, the others on the way. */
async function advanceCases(api: DemoClient, sales: DemoSale[], opened: string[]): Promise<void> {
  const demoSale = new Set(sales.map((s) => s.delivery.saleId));
  // A case opened just now is registered by its own workflow: wait until the records show it.
  await waitUntil(`${opened.length} new feedback cases`, async () => {
    const board = new Set((await allPages<{ caseNo: string }>(api, '/feedback-cases', manager)).map((c) => c.caseNo));
    return opened.every((caseNo) => board.has(caseNo));
  });
  const board = await allPages<{ caseNo: string; saleId: string }>(api, '/feedback-cases', manager);
  const cases = board.filter((c) => demoSale.has(c.saleId)).map((c) => c.caseNo).sort();
  const targets: Stage[] = ['revisiting', 'closed', 'in_progress', 'in_progress', 'assigned'];
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
  const ownerPerson: Person = { role: owner.role, id: owner.id };
  for (const [k, caseNo] of cases.entries()) {
    const target = targets[k] ?? 'registered';
    let state = await api.expect(api.get<{ stage: Stage; handlers: string[] }>(`/feedback-cases/${caseNo}`, manager), [200], `case ${caseNo}`);
    while (ORDER.indexOf(state.stage) < ORDER.indexOf(target)) {
      const act = (action: string, as: Person, body: unknown) =>
        api.expect(api.post<{ stage: Stage; handlers: string[] }>(`/feedback-cases/${caseNo}/${action}`, as, body), [200], `${action} of case ${caseNo}`);
      switch (state.stage) {
        case 'registered':
          state = await act('assignment', manager, { department: owner.department, ownerId: owner.id, nature: 'product_quality', scope: 'single' });
          break;
        case 'assigned':
          state = await act('analysis', ownerPerson, {
            whyChain: ['客户反映设备开机慢', '启动板温度过高', '散热风扇选型偏小'],
            rootCause: '启动板散热风扇选型偏小',
            shortTermMeasures: [{ description: '上门更换启动板并清洁散热通道', deadline: inDays(3) }],
            longTermMeasures: [{ description: '下一批次改用大尺寸风扇', deadline: inDays(60) }],
            technicianVisit: true,
          });
          break;
        case 'in_progress':
          state = await act('completion', ownerPerson, { summary: '已上门更换启动板，开机时间恢复正常', technicianVisited: true });
          break;
        case 'verifying':
          state = await act('verification', manager, { effective: true, note: '与质量部一起电话确认，开机时间在规格内' });
          break;
        case 'revisiting': {
          // The re-visit is by an agent who did not handle the case.
          const revisitor = agent(agents.find((a) => !state.handlers.includes(a.id))!.id);
          await api.expect(api.get(`/feedback-cases/${caseNo}/revisit-sheet`, revisitor), [200], `the re-visit sheet of ${caseNo}`);
          state = await act('revisit', revisitor, { satisfied: true, score: 95, customerWords: '现在开机很快，满意' });
          break;
        }
        default:
          throw new Error(`case ${caseNo} is ${state.stage}`);
      }
    }
  }
  say(`${cases.length} feedback cases: ${cases.length ? 'the first waits for an independent re-visit, the second is closed, the rest on the way' : 'none yet'}`);
}

async function runReports(config: ReturnType<typeof loadConfig>, today: string): Promise<void> {
  const quarter = `${today.slice(0, 4)}-Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`;
  await withTemporalClient(config, async (client) => {
    for (const [kind, label] of [['monthly', today.slice(0, 7)], ['quarterly', quarter]] as const) {
      const run = await runReport(client, { kind, label, taskQueue: config.TEMPORAL_TASK_QUEUE, timeZone: config.COMPANY_TIME_ZONE });
      say(`${run.workflowId}: ${run.started ? 'started' : 'run before'}`);
    }
  });
}

async function waitUntil(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + settings.DEMO_WAIT_S * 1000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not appear within ${settings.DEMO_WAIT_S} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

try {
  await main();
} catch (err) {
  console.error(`[demo] ${err instanceof ConfigError ? err.message : (err as Error).message}`);
  process.exit(1);
}
