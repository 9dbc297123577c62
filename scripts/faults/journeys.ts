import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { addDays, toCompanyTime } from '../../workflows/domain/company-time.js';
import type { Answer, ApiClient } from './api-client.js';

/** What the customer says in the survey; each variant leaves different records behind. */
export type Variant = 'satisfied' | 'repurchase' | 'dissatisfied' | 'complaint' | 'opinion';
const VARIANTS: readonly Variant[] = ['satisfied', 'satisfied', 'satisfied', 'satisfied', 'satisfied', 'satisfied', 'repurchase', 'dissatisfied', 'complaint', 'opinion'];

/** One sale of the run and everything the driver sent for it. */
export interface Journey {
  saleId: string;
  callbackId: string;
  agentId: string;
  variant: Variant;
  delivery: Record<string, unknown>;
  /** Every attempt id the driver sent a result with, for this sale's first callback. */
  attemptIds: string[];
  /** The answer of the survey result, once recorded. */
  outcome?: { applied: boolean; callbackStatus: string; survey?: { feedbackCaseNo: string | null; classification: string } };
  done: boolean;
  failure?: string;
  /** When each step of the journey was accepted (ms since the epoch). */
  at: { started?: number; delivered?: number; due?: number; claimed?: number; recorded?: number };
}

const RUN = randomUUID().slice(0, 6);

/** A sale delivered 40 days ago: its 30-day callback is late and opens at once. */
export function aJourney(prefix: string, index: number): Journey {
  const saleId = `${prefix}-${RUN}-${String(index).padStart(4, '0')}`;
  const deliveredOn = addDays(toCompanyTime(new Date(), 'Asia/Shanghai').date, -40);
  return {
    saleId,
    callbackId: `${saleId}-C1`,
    agentId: `agent.${(index % 12) + 1}`,
    variant: VARIANTS[index % VARIANTS.length],
    delivery: {
      saleId,
      orderNo: `PO-${saleId}`,
      customer: { id: `C-${saleId}`, name: '华东第一人民医院', category: (['medical', 'household', 'military', 'distributor'] as const)[index % 4], keyAccount: index % 4 === 0, region: '华东', industry: 'healthcare' },
      buyer: { name: '王芳', phone: '+86 138 0013 8000', title: '采购主管' },
      actualUser: { name: '李强', phone: '+86 139 0013 9000', title: '设备科科长' },
      product: { model: index % 2 ? 'XR-200' : 'CT-80', quantity: 1 + (index % 3) },
      deliveredOn,
      warrantyMonths: 12,
      salesOwner: `sales.${(index % 5) + 1}`,
    },
    attemptIds: [],
    done: false,
    at: {},
  };
}

export function surveyOf(variant: Variant): object {
  const base = {
    method: 'phone',
    usage: { location: '放射科', city: '上海', hoursPerDay: 6 },
    overall: { scale: 'score_0_to_100', score: 95 },
    productRating: { scale: 'score_1_to_5', score: 5 },
    saysDissatisfied: false,
    complainedToManagement: false,
    seriousOpinion: false,
  };
  switch (variant) {
    case 'satisfied':
      return base;
    case 'repurchase':
      return { ...base, repurchaseIntent: 'a second unit for the new ward' };
    case 'dissatisfied':
      return { ...base, overall: { scale: 'score_0_to_100', score: 55 }, saysDissatisfied: true, opinions: '售后响应太慢' };
    case 'complaint':
      return { ...base, overall: { scale: 'score_0_to_100', score: 30 }, complainedTo: 'media', opinions: '设备多次故障' };
    case 'opinion':
      return { ...base, opinions: '希望增加培训' };
  }
}

export class JourneyError extends Error {}

const is2xx = (answer: Answer) => answer.status >= 200 && answer.status < 300;

/**
 * Sends a request until it is accepted, as a client of the API should: 503, 5xx and no answer are retried after a
 * pause (the recorder keeps every answer); any 4xx is final and fails the journey.
 */
export async function untilAccepted(what: string, send: () => Promise<Answer>, deadline: number): Promise<Answer> {
  for (;;) {
    const answer = await send();
    if (is2xx(answer)) return answer;
    if (answer.status >= 400 && answer.status < 500) {
      throw new JourneyError(`${what}: answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
    }
    if (Date.now() > deadline) throw new JourneyError(`${what}: still ${answer.status || answer.failure} at the deadline`);
    await delay(500 + Math.random() * 1000);
  }
}

/** Polls the sale until its first callback is in the agents' queue (or already further along). */
export async function untilDue(api: ApiClient, journey: Journey, deadline: number): Promise<void> {
  let pause = 400;
  for (;;) {
    await delay(pause * (0.75 + Math.random() / 2));
    pause = Math.min(pause * 1.5, 2000);
    const answer = await api.sale(journey.saleId);
    const status = answer.status === 200 ? (answer.body?.callbacks?.[0]?.status as string | undefined) : undefined;
    if (status && status !== 'scheduled') return;
    if (answer.status >= 400 && answer.status < 500) throw new JourneyError(`waiting for ${journey.callbackId}: answered ${answer.status}`);
    if (Date.now() > deadline) throw new JourneyError(`${journey.callbackId} not due at the deadline (last answer ${answer.status || answer.failure}, ${status ?? 'no state'})`);
  }
}

export async function deliver(api: ApiClient, journey: Journey, deadline: number): Promise<Answer> {
  return untilAccepted(`delivery of ${journey.saleId}`, () => api.deliver(journey.delivery), deadline);
}

export async function claim(api: ApiClient, journey: Journey, deadline: number): Promise<Answer> {
  return untilAccepted(`claim of ${journey.callbackId}`, () => api.claim(journey.callbackId, journey.agentId), deadline);
}

/** Records the survey under one attempt id, however many times it has to be sent. */
export async function recordSurvey(api: ApiClient, journey: Journey, deadline: number, attemptId = randomUUID()): Promise<Answer> {
  journey.attemptIds.push(attemptId);
  const body = { attemptId, outcome: 'survey_done', survey: surveyOf(journey.variant) };
  const answer = await untilAccepted(`result of ${journey.callbackId}`, () => api.recordResult(journey.callbackId, journey.agentId, body), deadline);
  journey.outcome = answer.body;
  return answer;
}

/** Delivery, the first callback opening, the agent's claim and the survey: the whole journey of one sale, within `limitMs`. */
export async function runJourney(api: ApiClient, journey: Journey, limitMs: number, onResult?: () => void): Promise<void> {
  const deadline = Date.now() + limitMs;
  try {
    journey.at.started = Date.now();
    await deliver(api, journey, deadline);
    journey.at.delivered = Date.now();
    await untilDue(api, journey, deadline);
    journey.at.due = Date.now();
    await claim(api, journey, deadline);
    journey.at.claimed = Date.now();
    await recordSurvey(api, journey, deadline);
    journey.at.recorded = Date.now();
    journey.done = true;
    onResult?.();
  } catch (err) {
    journey.failure = (err as Error).message;
  }
}

/** Runs `work` over `items`, at most `concurrency` at a time. */
export async function inPool<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index], index);
    }
  });
  await Promise.all(lanes);
}
