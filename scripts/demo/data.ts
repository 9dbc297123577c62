// The demo's data set: generated, never real. Names are drawn from common surnames and given names, every phone number
// has the block 0000 (+86 13x 0000 nnnn) and every organisation is marked 演示, so nothing can be mistaken for a customer.
import { createHash } from 'node:crypto';
import { addDays } from '../../workflows/domain/company-time.js';
import type { CustomerCategory, SaleDelivery } from '../../workflows/sale-types.js';

/** A small deterministic generator (mulberry32), so that every run builds the same data set. */
export function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A UUID derived from a name: the same attempt of the same run is always the same attempt id. */
export function fixedUuid(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The people of the demo directory (ids as the development directory has them). */
export const DEMO_PEOPLE = {
  salesSystem: { role: 'sales_system', id: 'sales-system' },
  agents: [
    { role: 'agent', id: 'A-1001' },
    { role: 'agent', id: 'A-1002' },
  ],
  owner: { role: 'department_owner', id: 'owner.liu', department: 'rnd' },
  manager: { role: 'after_sales_manager', id: 'mgr.chen' },
  generalManager: { role: 'general_manager', id: 'gm.wang' },
  administrator: { role: 'administrator', id: 'admin' },
  salesOwner: 'li.lei',
} as const;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const GIVEN_NAMES = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '丽', '霞', '建华', '晓东', '文博', '雨桐', '思远'];
const USER_TITLES = ['设备科科长', '放射科主任', '检验科技师', '护士长', '设备工程师', '实验室主任', '卫生队队长', '门店店长'];
const BUYER_TITLES = ['采购主管', '设备科副科长', '后勤处处长', '采购专员', '总经理助理'];

interface DemoCustomer {
  name: string;
  category: CustomerCategory;
  keyAccount: boolean;
  region: string;
  industry: string;
  models: readonly string[];
}

const CUSTOMERS: readonly DemoCustomer[] = [
  { name: '演示·华东第一人民医院', category: 'medical', keyAccount: true, region: '华东', industry: 'healthcare', models: ['XR-200', 'US-50'] },
  { name: '演示·江南妇幼保健院', category: 'medical', keyAccount: false, region: '华东', industry: 'healthcare', models: ['US-50'] },
  { name: '演示·北方骨科医院', category: 'medical', keyAccount: false, region: '华北', industry: 'healthcare', models: ['XR-200', 'CT-9'] },
  { name: '演示·西南中心医院', category: 'medical', keyAccount: true, region: '西南', industry: 'healthcare', models: ['CT-9', 'XR-200'] },
  { name: '演示·岭南社区卫生服务中心', category: 'medical', keyAccount: false, region: '华南', industry: 'healthcare', models: ['US-50'] },
  { name: '演示·城东家庭健康生活馆', category: 'household', keyAccount: false, region: '华东', industry: 'retail', models: ['HM-20', 'BP-7'] },
  { name: '演示·长风康养公寓', category: 'household', keyAccount: false, region: '华中', industry: 'elderly care', models: ['HM-20'] },
  { name: '演示·海滨家用医疗器械店', category: 'household', keyAccount: false, region: '华南', industry: 'retail', models: ['BP-7'] },
  { name: '演示·某部卫生队', category: 'military', keyAccount: true, region: '华北', industry: 'defence', models: ['FX-3'] },
  { name: '演示·某部医疗站', category: 'military', keyAccount: false, region: '西北', industry: 'defence', models: ['FX-3', 'US-50'] },
  { name: '演示·华南医疗器械经销公司', category: 'distributor', keyAccount: true, region: '华南', industry: 'trade', models: ['XR-200', 'US-50', 'HM-20'] },
  { name: '演示·东北医械贸易公司', category: 'distributor', keyAccount: false, region: '东北', industry: 'trade', models: ['BP-7', 'HM-20'] },
  { name: '演示·中原医疗设备代理商', category: 'distributor', keyAccount: false, region: '华中', industry: 'trade', models: ['CT-9', 'US-50'] },
];

/** What the agent's call for a sale comes to: left in the queue, claimed and not yet called, or an outcome. */
export type CallPlan =
  | 'queue'
  | 'claimed'
  | 'satisfied'
  | 'satisfied_lead'
  | 'opinion'
  | 'dissatisfied'
  | 'grievance'
  | 'complaint'
  | 'question'
  | 'busy'
  | 'no_answer'
  | 'wrong_person'
  | 'refused'
  | 'questionnaire';

const OUTCOMES: readonly CallPlan[] = [
  'satisfied', 'dissatisfied', 'satisfied_lead', 'opinion', 'satisfied', 'complaint', 'satisfied', 'busy', 'grievance',
  'satisfied', 'opinion', 'wrong_person', 'satisfied_lead', 'dissatisfied', 'satisfied', 'question', 'no_answer',
  'satisfied', 'refused', 'opinion', 'satisfied', 'questionnaire', 'dissatisfied', 'satisfied_lead', 'satisfied',
];

export interface DemoSale {
  delivery: SaleDelivery;
  /** Days between delivery and today: which callbacks are late and open at once. */
  daysAgo: number;
  plan: CallPlan;
  /** The agent who calls (or claims) it. */
  agentId: string;
}

/**
 * The demo's sales, delivered over the last seven months: some too recent for a callback, most with their 30-day
 * callback late, some with the 3-month one too (one call), two with all three (a 6-month warranty). Ids are fixed
 * by `prefix` and the position; dates count back from `today`, so a run on a later day re-sends the same sales.
 */
export function demoSales(prefix: string, today: string, count = 36): DemoSale[] {
  const random = generator(20261205);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const person = (n: number, titles: readonly string[], email: boolean) => ({
    name: `${pick(SURNAMES)}${pick(GIVEN_NAMES)}`,
    title: pick(titles),
    phone: `+86 13${n % 10} 0000 ${String(1000 + n).slice(-4)}`,
    ...(email ? { email: `demo.${n}@example.com` } : {}),
  });
  const sales: DemoSale[] = [];
  let outcome = 0;
  for (let i = 0; i < count; i++) {
    const customerIndex = i % CUSTOMERS.length;
    const customer = CUSTOMERS[customerIndex];
    // Recent (no callback yet), 30-day late, 30-day and 3-month late, all three late.
    const bucket = i < 5 ? 'recent' : i < 19 ? 'first' : i < 34 ? 'second' : 'third';
    const daysAgo = { recent: 3 + Math.floor(random() * 24), first: 35 + Math.floor(random() * 50), second: 96 + Math.floor(random() * 80), third: 190 + Math.floor(random() * 20) }[bucket];
    const number = String(i + 1).padStart(4, '0');
    const saleId = `${prefix}-S-${number}`;
    const plan: CallPlan = bucket === 'recent' ? 'queue' : [6, 13, 21, 27, 33].includes(i) ? 'queue' : [9, 24].includes(i) ? 'claimed' : OUTCOMES[outcome++ % OUTCOMES.length];
    sales.push({
      daysAgo,
      plan,
      agentId: plan === 'claimed' ? DEMO_PEOPLE.agents[0].id : DEMO_PEOPLE.agents[i % 2].id,
      delivery: {
        saleId,
        orderNo: `${prefix}-PO-${number}`,
        customer: {
          id: `${prefix}-C-${String(customerIndex + 1).padStart(3, '0')}`,
          name: customer.name,
          category: customer.category,
          keyAccount: customer.keyAccount,
          region: customer.region,
          industry: customer.industry,
        },
        buyer: person(2 * i + 1, BUYER_TITLES, true),
        actualUser: { ...person(2 * i + 2, USER_TITLES, random() < 0.5), ...(random() < 0.2 ? { specialNeeds: '工作日下午三点后方便接听' } : {}) },
        product: { model: pick(customer.models), quantity: 1 + Math.floor(random() * 3) },
        deliveredOn: addDays(today, -daysAgo),
        warrantyMonths: bucket === 'third' ? 6 : 12,
        salesOwner: DEMO_PEOPLE.salesOwner,
      },
    });
  }
  return sales;
}

const OPINIONS = ['希望培训再详细一些', '说明书中文版有几处看不懂', '希望能提供上门保养服务', '配件到货慢了两天'];
const COMPLAINTS = ['售后响应太慢，报修两天才有人联系', '开机时间太长，影响门诊', '设备运行时噪音很大，病人有意见'];
const PROBLEMS = ['响应慢', '开机慢', '噪音大', '说明书不清楚', '配件到货慢'];
const USAGE = [
  { location: '放射科', usedBy: '技师', city: '上海', hoursPerDay: 8 },
  { location: '门诊部', usedBy: '医生', city: '成都', hoursPerDay: 6 },
  { location: '家中', usedBy: '老人', city: '武汉', hoursPerDay: 2 },
  { location: '卫生队', usedBy: '卫生员', city: '西安', hoursPerDay: 4 },
  { location: '仓库', usedBy: '库管', city: '广州', hoursPerDay: 1 },
];

/** The survey record of a call, by what the call came to; `n` varies the answers. */
export function demoSurvey(plan: CallPlan, n: number): Record<string, unknown> {
  const base = {
    method: 'phone',
    usage: USAGE[n % USAGE.length],
    saysDissatisfied: false,
    complainedToManagement: false,
    seriousOpinion: false,
  };
  switch (plan) {
    case 'opinion':
      return { ...base, overall: { scale: 'score_0_to_100', score: 82 + (n % 7) }, productRating: { scale: 'score_1_to_5', score: 4 }, opinions: OPINIONS[n % OPINIONS.length], problems: [PROBLEMS[(n + 3) % PROBLEMS.length]] };
    case 'dissatisfied':
      return {
        ...base,
        overall: { scale: 'score_0_to_100', score: 45 + (n % 4) * 5 },
        productRating: { scale: 'score_1_to_5', score: 2 },
        responseSpeed: { scale: 'four_grades', grade: 'dissatisfied' },
        saysDissatisfied: true,
        opinions: COMPLAINTS[n % COMPLAINTS.length],
        problems: [PROBLEMS[n % 3]],
        ...(n % 2 === 0 ? { riskOfLosingCustomer: true } : {}),
      };
    case 'grievance':
      return { ...base, overall: { scale: 'grade', grade: 'average' }, seriousOpinion: true, complainedToManagement: true, opinions: '多次反映图像有伪影，一直没有解决', problems: ['图像伪影'] };
    case 'complaint':
      return { ...base, overall: { scale: 'score_1_to_10', score: 3 }, saysDissatisfied: true, complainedTo: 'government', opinions: '已向市场监管部门投诉：设备三次故障仍未修好', problems: ['反复故障'] };
    case 'question':
      return { ...base, overall: { scale: 'score_1_to_10', score: 9 }, unansweredQuestion: '能否免费升级到新版软件？' };
    case 'satisfied_lead':
      return { ...base, overall: { scale: 'grade', grade: 'very_satisfied' }, staffAttitude: { scale: 'three_grades', grade: 'satisfied' }, repurchaseIntent: '新院区明年还要采购两台' };
    default:
      return {
        ...base,
        overall: n % 3 === 0 ? { scale: 'four_grades', grade: 'very_satisfied' } : { scale: 'score_0_to_100', score: 90 + (n % 11) },
        productRating: { scale: 'score_1_to_5', score: 4 + (n % 2) },
        staffAttitude: { scale: 'three_grades', grade: 'satisfied' },
        responseSpeed: { scale: 'four_grades', grade: n % 2 ? 'very_satisfied' : 'fairly_satisfied' },
      };
  }
}
