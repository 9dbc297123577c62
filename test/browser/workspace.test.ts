import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { periodStarting } from '../../workflows/domain/report-periods.js';
import { toCompanyTime } from '../../workflows/domain/company-time.js';
import { checkAccessibility, launchChromium, collectPolicyViolations, Screenshots } from '../support/browser.js';
import { e2eDataConverter, startServices, type Services } from '../support/e2e.js';
import { requireEnv } from '../support/env.js';
import { aDelivery, uniqueId } from '../support/fixtures.js';
import { addPerson, ensureDepartment } from '../support/people.js';
import { MANAGER, SALES_SYSTEM } from '../support/tokens.js';
import { waitFor } from '../support/wait.js';

const PASSWORD = 'browser-journey-Pa55';
const TIME_ZONE = 'Asia/Shanghai';
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/**
 * The people of the process at work in the browser, on the real stack: API and worker processes, the Temporal dev
 * server and PostgreSQL, the web app as the API serves it at /app/. One browser, one stack, the journeys in sequence.
 */
describe('the workspace in a real browser', () => {
  let services: Services;
  let browser: Browser;
  let shots: Screenshots;
  let connection: Connection;
  const contexts: BrowserContext[] = [];
  /** What the pages' Content-Security-Policy refused, in every context. */
  const violations: string[] = [];
  const run = uniqueId('w').slice(2);
  const people = {
    agent: `A-${run}`,
    secondAgent: `B-${run}`,
    owner: `owner-${run}`,
    manager: `mgr-${run}`,
    admin: `admin-${run}`,
    latecomer: `C-${run}`,
  };
  // A customer category the other end-to-end tests do not use, so the queue filtered by it shows this sale.
  const sale = aDelivery({ deliveredOn: daysAgo(40), customer: { ...aDelivery().customer, category: 'military', region: '西北' } });
  let callbackId: string;
  let caseNo: string;
  const started = Date.now();

  before(async () => {
    services = await startServices({ alwaysOpen: true });
    for (const [code, name] of [['after_sales', '售后客服部'], ['rnd', '研发部']] as const) await ensureDepartment(services.base, code, name);
    await addPerson(services.base, { id: people.agent, displayName: '张伟', roles: ['agent'], department: 'after_sales' }, PASSWORD);
    await addPerson(services.base, { id: people.secondAgent, displayName: '王芳', roles: ['agent'], department: 'after_sales' }, PASSWORD);
    await addPerson(services.base, { id: people.owner, displayName: '刘工', roles: ['department_owner'], department: 'rnd' }, PASSWORD);
    await addPerson(services.base, { id: people.manager, displayName: '陈经理', roles: ['after_sales_manager'], department: 'after_sales' }, PASSWORD);
    await addPerson(services.base, { id: people.admin, displayName: '系统管理员', roles: ['administrator'] }, PASSWORD);
    const delivered = await services.post('/sales', sale, SALES_SYSTEM);
    assert.equal(delivered.status, 201, await delivered.text());
    callbackId = `${sale.saleId}-C1`;
    await waitFor('the late callback to be due', async () => {
      const state = await services.getJson<{ callbacks?: { callbackId: string; status: string }[] }>(`/sales/${sale.saleId}`, MANAGER);
      return state.callbacks?.find((c) => c.callbackId === callbackId)?.status === 'due' ? true : undefined;
    }, 30_000);
    browser = await launchChromium();
    shots = await Screenshots.create();
    connection = await Connection.connect({ address: requireEnv('E2E_TEMPORAL_ADDRESS') });
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await connection?.close();
    await services?.stop();
    if (shots) console.log(`browser screenshots in ${shots.dir} (${Math.round((Date.now() - started) / 1000)} s)`);
  });

  /** A browser context of its own per person (its own session cookie), signed in through the sign-in page. */
  async function signedIn(id: string): Promise<Page> {
    const context = collectPolicyViolations(
      await browser.newContext({ locale: 'zh-CN', reducedMotion: 'reduce', viewport: { width: 1440, height: 900 }, acceptDownloads: true }),
      violations,
    );
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${services.base}/app/`);
    await page.getByLabel('用户名').fill(id);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('signed-in-as').waitFor();
    return page;
  }

  /** Picks an option of an Ant Design select by its label, and waits until its list has closed. */
  async function select(page: Page, label: string, option: string | RegExp, scope: Page | ReturnType<Page['locator']> = page, search?: string): Promise<void> {
    const input = scope.getByLabel(label, { exact: true });
    // The select's own list (antd names it after the input), not another one still closing.
    const list = page.locator(`.ant-select-dropdown:has([id="${await input.getAttribute('id')}_list"])`);
    await input.click();
    // A long list shows only its first options: search narrows it, as a person would type.
    if (search) await input.fill(search);
    await list.getByTitle(option, { exact: typeof option === 'string' }).click();
    await list.waitFor({ state: 'hidden' });
  }

  /** Types a date and time into an Ant Design picker and confirms it, as a person at the keyboard would. */
  async function pickDate(page: Page, label: string, value: string): Promise<void> {
    const input = page.getByLabel(label, { exact: true });
    await input.click();
    await input.fill(value);
    await input.press('Enter');
    await page.locator('.ant-picker-dropdown:visible').waitFor({ state: 'hidden' });
  }

  const stage = (page: Page) => page.getByTestId('case-stage');

  /**
   * One journey step: the steps build on each other, so after a failure the rest are skipped; a failing step leaves a
   * screenshot of every open page.
   */
  let failed: string | undefined;
  function step(name: string, fn: () => Promise<void>): void {
    it(name, async (t) => {
      if (failed) return t.skip(`after the failed step: ${failed}`);
      try {
        await fn();
      } catch (err) {
        failed = name;
        for (const page of contexts.flatMap((c) => c.pages())) await shots.take(page, 'failure').catch(() => undefined);
        throw err;
      }
    });
  }

  let agentPage: Page;
  let managerPage: Page;

  step('the sign-in page is labelled and usable by keyboard', async () => {
    const context = collectPolicyViolations(await browser.newContext({ locale: 'zh-CN', reducedMotion: 'reduce', viewport: { width: 1280, height: 800 } }), violations);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${services.base}/app/cases/20261123-PHONE-001`);
    await page.getByLabel('用户名').waitFor();
    await checkAccessibility(page, 'the sign-in page');
    // Keyboard only: the user name has the focus, Tab reaches the password, Enter signs in; wrong passwords are refused.
    await page.keyboard.type(people.agent);
    await page.keyboard.press('Tab');
    await page.keyboard.type('not-the-password');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: '用户名或密码不正确' }).waitFor();
    await shots.take(page, 'sign-in-refused');
  });

  step('an agent signs in, claims the call, walks the script and records a dissatisfied survey', async () => {
    agentPage = await signedIn(people.agent);
    const page = agentPage;
    await page.getByRole('heading', { name: '回访队列' }).waitFor();
    await select(page, '客户类别', '军队');
    const row = page.getByRole('row').filter({ hasText: sale.saleId });
    await row.waitFor();
    await checkAccessibility(page, 'the queue');
    await shots.take(page, 'agent-queue');
    await row.getByRole('button', { name: `领取销售单 ${sale.saleId} 的回访` }).click();

    await page.waitForURL(`**/app/callbacks/${callbackId}`);
    await page.getByTestId('script-opening').waitFor();
    const contacts = page.getByTestId('contact');
    assert.match((await contacts.first().textContent()) ?? '', /李强.*\+86 139 0013 9000/);
    await checkAccessibility(page, 'the call page');
    await shots.take(page, 'call-opening');
    await page.getByRole('button', { name: '已接通，继续' }).click();

    // Not the user: the actual user is recorded (wrong_person) and the call goes on with them.
    await page.getByTestId('script-identity').waitFor();
    await page.getByRole('button', { name: '不是使用人' }).click();
    const actualUser = page.getByRole('form', { name: '实际使用人' });
    await actualUser.getByLabel('姓名').fill('赵敏');
    await actualUser.getByLabel('职务').fill('放射科主任');
    await actualUser.getByLabel('电话').fill('+86 137 0000 1234');
    await shots.take(page, 'call-actual-user');
    await actualUser.getByRole('button', { name: '记录使用人并继续' }).click();
    await page.getByTestId('script-convenience').waitFor();
    await waitFor('the actual user on the call sheet', async () => ((await contacts.first().textContent())?.includes('赵敏') ? true : undefined));
    await page.getByRole('button', { name: '方便', exact: true }).click();

    const survey = page.getByRole('form', { name: '满意度调查记录表' });
    await survey.getByLabel('所在城市').fill('西安');
    await survey.getByLabel('每天使用小时数').fill('8');
    await survey.getByRole('group', { name: '总体满意度' }).getByLabel('分数（1–10）').fill('3');
    await select(page, '评分方式', '四级（很满意…不满意）', survey.getByRole('group', { name: '产品评价' }));
    await select(page, '等级', '不满意', survey.getByRole('group', { name: '产品评价' }));
    await survey.getByLabel('意见和建议（客户原话）').fill('开机要等五分钟，售后电话总是打不通');
    await survey.getByLabel('提出的问题').fill('开机慢\n售后电话打不通');
    await survey.getByLabel('客户表示不满意').check();
    // The browser checks as the API does: a score outside the 1–10 scale is named before anything is sent.
    const overallScore = survey.getByRole('group', { name: '总体满意度' }).getByLabel('分数（1–10）');
    await overallScore.fill('11');
    await survey.getByRole('button', { name: '保存调查记录' }).click();
    await survey.getByText('应在 1 到 10 之间').waitFor();
    await overallScore.fill('3');
    await checkAccessibility(page, 'the survey form');
    await shots.take(page, 'call-survey');
    await survey.getByRole('button', { name: '保存调查记录' }).click();

    const outcome = page.getByTestId('call-outcome');
    await outcome.waitFor({ timeout: 20_000 });
    assert.equal(await page.getByTestId('survey-class').textContent(), '回访不满意');
    assert.equal(await page.getByTestId('survey-score').textContent(), '30');
    caseNo = (await page.getByTestId('opened-case').textContent()) ?? '';
    assert.match(caseNo, /^\d{8}-PHONE-\d{3}$/);
    await page.getByTestId('script-closing').waitFor();
    await shots.take(page, 'call-outcome');
  });

  step('an agent cannot open a manager page: the page says so', async () => {
    await agentPage.goto(`${services.base}/app/cases`);
    await agentPage.getByText('无权访问此页面').waitFor();
    await checkAccessibility(agentPage, 'the not-allowed page');
    await shots.take(agentPage, 'agent-not-allowed');
    // The English switch, kept in this browser, and back.
    await agentPage.locator('.ant-segmented-item', { hasText: 'English' }).click();
    await agentPage.getByText('You may not open this page').waitFor();
    await agentPage.locator('.ant-segmented-item', { hasText: '中文' }).click();
    await agentPage.getByText('无权访问此页面').waitFor();
  });

  step('the manager assigns the case to an owner picked from the directory', async () => {
    managerPage = await signedIn(people.manager);
    const page = managerPage;
    await page.getByRole('heading', { name: '反馈单看板' }).waitFor();
    await page.goto(`${services.base}/app/cases/${caseNo}`);
    await stage(page).filter({ hasText: '已登记' }).waitFor();
    const form = page.getByRole('form', { name: '分派部门和责任人' });
    await select(page, '责任部门', '研发部', form);
    await select(page, '责任人', new RegExp(people.owner), form, people.owner);
    await select(page, '问题性质', '产品质量', form);
    await checkAccessibility(page, 'the case page (assignment)');
    await shots.take(page, 'manager-assign');
    await form.getByRole('button', { name: '分派部门和责任人' }).click();
    await stage(page).filter({ hasText: '已分派' }).waitFor({ timeout: 20_000 });
  });

  step('the owner submits the 5-Why root cause and plan, then reports it done', async () => {
    const page = await signedIn(people.owner);
    await page.getByRole('heading', { name: '我的反馈单' }).waitFor();
    const open = page.getByRole('listitem').filter({ hasText: caseNo });
    await open.getByTestId('deadline-tag').waitFor();
    await checkAccessibility(page, 'my cases');
    await shots.take(page, 'owner-my-cases');

    // The assignment told the owner: the inbox entry links to the case (APP_BASE_URL/cases/<caseNo>).
    const told = page.getByTestId('inbox-item').filter({ hasText: caseNo });
    await waitFor('the owner\'s notification of the assignment', async () => {
      await page.goto(`${services.base}/app/inbox`);
      await page.getByRole('heading', { name: '我的消息' }).waitFor();
      await page.getByTestId('inbox-item').or(page.getByText('没有消息')).first().waitFor();
      return (await told.count()) > 0 ? true : undefined;
    }, 30_000);
    await checkAccessibility(page, 'the inbox');
    await shots.take(page, 'owner-inbox');
    await told.getByRole('link').first().click();
    await page.waitForURL(`**/app/cases/${caseNo}`);

    const form = page.getByRole('form', { name: '原因分析与整改计划' });
    await form.getByLabel('为什么 1').fill('开机要等五分钟');
    await form.getByLabel('为什么 2').fill('启动板过热降频');
    await form.getByLabel('为什么 3').fill('启动板风扇选型偏小');
    await form.getByLabel('根本原因').fill('XR-200 启动板风扇选型偏小');
    await form.getByLabel('短期措施 1', { exact: true }).fill('上门更换启动板');
    const deadline = toCompanyTime(new Date(Date.now() + 10 * 86_400_000).toISOString(), TIME_ZONE).date;
    await pickDate(page, '短期措施 1 的完成期限', `${deadline} 10:00`);
    await form.getByRole('button', { name: '添加长期措施' }).click();
    await form.getByLabel('长期措施 1', { exact: true }).fill('新批次改用大风扇');
    await pickDate(page, '长期措施 1 的完成期限', `${deadline} 17:00`);
    await checkAccessibility(page, 'the analysis form');
    await shots.take(page, 'owner-analysis');
    await form.getByRole('button', { name: '提交原因和计划' }).click();
    await stage(page).filter({ hasText: '整改中' }).waitFor({ timeout: 20_000 });

    const done = page.getByRole('form', { name: '完成情况' });
    await done.getByLabel('处理结果').fill('已更换启动板，开机 40 秒');
    await done.getByRole('button', { name: '报告已完成' }).click();
    await stage(page).filter({ hasText: '验证中' }).waitFor({ timeout: 20_000 });
  });

  step('the manager verifies the fix', async () => {
    const page = managerPage;
    await page.reload();
    const form = page.getByRole('form', { name: '效果验证' });
    await form.getByLabel('有效', { exact: true }).check();
    await form.getByLabel('验证说明').fill('与质量部一起确认开机时间达标');
    await form.getByRole('button', { name: '提交验证' }).click();
    await stage(page).filter({ hasText: '再回访' }).waitFor({ timeout: 20_000 });
  });

  step('the first agent is refused the re-visit; a second agent re-visits and the case closes', async () => {
    await agentPage.goto(`${services.base}/app/cases/${caseNo}`);
    await agentPage.getByTestId('not-independent').waitFor();
    await shots.take(agentPage, 'agent-revisit-refused');

    const page = await signedIn(people.secondAgent);
    await page.goto(`${services.base}/app/revisits`);
    await page.getByRole('row').filter({ hasText: caseNo }).getByRole('link', { name: caseNo }).click();
    const form = page.getByRole('form', { name: '再次回访' });
    await page.getByTestId('contact').first().waitFor();
    await form.getByLabel('满意', { exact: true }).check();
    await form.getByLabel('百分制得分（可选）').fill('95');
    await form.getByLabel('客户原话').fill('现在开机很快，满意');
    await checkAccessibility(page, 'the re-visit');
    await shots.take(page, 'second-agent-revisit');
    await form.getByRole('button', { name: '记录再回访' }).click();
    await stage(page).filter({ hasText: '已结案' }).waitFor({ timeout: 20_000 });
  });

  step('the manager opens the report, sees the chart, approves it and downloads the CSV', async () => {
    const today = toCompanyTime(new Date().toISOString(), TIME_ZONE).date;
    // This quarter's report, which holds the survey just recorded (the month's belongs to npm run demo's test, which
    // expects it still awaiting approval when the database is reused).
    const [year, month] = today.split('-').map(Number) as [number, number];
    const period = periodStarting('quarterly', `${year}-${String(Math.floor((month - 1) / 3) * 3 + 1).padStart(2, '0')}-01`);
    const earlier = await services.get(`/reports/quarterly/${period.label}`, MANAGER);
    const earlierVersion = earlier.ok ? ((await earlier.json()) as { version: number }).version : 0;
    const client = new Client({ connection, dataConverter: e2eDataConverter });
    await client.workflow.start('ReportPeriod', {
      taskQueue: services.taskQueue,
      // A dev server kept between runs may still hold the run of an earlier test.
      workflowIdConflictPolicy: 'TERMINATE_EXISTING',
      workflowId: `report-quarterly-${period.label}`,
      args: [{ kind: 'quarterly', period }],
    });
    type StoredReport = { version: number; status: string; figures: { cases: { topProblems: { problem: string; count: number }[] } } };
    const stored = await waitFor('the stored report', async () => {
      const res = await services.get(`/reports/quarterly/${period.label}`, MANAGER);
      const body = res.ok ? ((await res.json()) as StoredReport) : undefined;
      return body && body.version > earlierVersion && body.status === 'awaiting_approval' ? body : undefined;
    }, 30_000);

    const page = managerPage;
    await page.goto(`${services.base}/app/reports`);
    // Every stored version is listed; each links to the period's latest.
    await page.locator('.ant-segmented-item', { hasText: '季报' }).click();
    await page.getByRole('link', { name: `季报 ${period.label}` }).first().click();
    await page.getByTestId('trend-chart').locator('svg').waitFor();
    // The quarter also holds the surveys of the other end-to-end tests on a shared database, so the page is held to
    // the stored figures rather than to this journey's problem being among the three most frequent.
    const problems = await page.getByTestId('top-problem').allTextContents();
    assert.ok(stored.figures.cases.topProblems.length > 0, 'the quarter has problems raised, at least this journey\'s');
    assert.deepEqual(
      problems.map((p) => p.replace(/\s+/g, ' ').trim()),
      stored.figures.cases.topProblems.map((p, i) => `${i + 1}. ${p.problem} ${p.count}`),
    );
    await checkAccessibility(page, 'the report page');
    await shots.take(page, 'manager-report');

    await page.getByRole('button', { name: '审批通过' }).click();
    await page.getByRole('dialog').getByRole('textbox').fill('数据已核对');
    await page.getByRole('dialog').getByRole('button', { name: '审批通过' }).click();
    await page.getByTestId('report-status').filter({ hasText: /已审批|已归档/ }).waitFor({ timeout: 20_000 });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /下载 CSV/ }).click()]);
    assert.match(download.suggestedFilename(), new RegExp(`^report-quarterly-${period.label}-v\\d+\\.csv$`));
    const csv = await readFile((await download.path())!, 'utf8');
    assert.match(csv, /satisfaction/);
    await shots.take(page, 'manager-report-approved');
  });

  step('the administrator delivers again a notification whose agent was not in the directory, and the agent is told', async () => {
    // What the delivery writes when its person is unknown (test/integration/notification-delivery.test.ts makes it happen).
    const key = `questionnaire-chase:${sale.saleId}-C2:${run}`;
    const unresolved = `nobody active in the directory for ${people.latecomer}`;
    await services.db.query(
      `insert into "notification" ("key", "recipient", "recipient_id", "kind", "sale_id", "callback_id", "message", "facts", "urgent", "notified_at", "created_at")
       values ($1, 'agent', $2, 'questionnaire_chase', $3, $4, 'questionnaire not back', '{}', false, now(), now())`,
      [key, people.latecomer, sale.saleId, `${sale.saleId}-C2`],
    );
    await services.db.query(
      `insert into "notification_delivery" ("id", "notification_key", "recipient_id", "channel", "status", "attempts", "last_error", "created_at", "updated_at")
       values (gen_random_uuid(), $1, null, 'inbox', 'failed', 0, $2, now(), now())`,
      [key, unresolved],
    );
    await addPerson(services.base, { id: people.latecomer, displayName: '赵磊', roles: ['agent'], department: 'after_sales' }, PASSWORD);

    const page = await signedIn(people.admin);
    await page.goto(`${services.base}/app/admin/deliveries`);
    const row = page.getByRole('row').filter({ hasText: unresolved });
    await row.waitFor();
    await checkAccessibility(page, 'the delivery failures');
    await shots.take(page, 'admin-delivery-failures');
    await row.getByRole('button', { name: '重新投递' }).click();
    await page.getByText('已重新投递：0 个失败的发送重发，1 个收件人重新查找').waitFor();

    const agent = await signedIn(people.latecomer);
    await agent.goto(`${services.base}/app/inbox`);
    await agent.getByText(`问卷未回收：回访 ${sale.saleId}-C2`).waitFor({ timeout: 20_000 });
    await shots.take(agent, 'latecomer-inbox');
  });

  step('every page kept to its Content-Security-Policy: nothing it loads or runs was refused', async () => {
    const page = await fetch(`${services.base}/app/reports`);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self';.*frame-ancestors 'none'/);
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    assert.deepEqual(violations, []);
  });
});
