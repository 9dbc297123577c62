import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { casePriority, suggestedAssignment, type RiskFlags } from '../../../workflows/domain/case-rules.js';

describe('feedback case priority (DOMAIN §4)', () => {
  const rows: [Parameters<typeof casePriority>[0], RiskFlags, string][] = [
    ['complaint', {}, 'high'],
    ['dissatisfied', {}, 'high'],
    ['grievance', {}, 'medium'],
    ['opinion', {}, 'medium'],
    ['unanswered_question', {}, 'medium'],
    ['satisfied', {}, 'low'],
    ['satisfied', { safetyHazard: true }, 'high'],
    ['opinion', { majorLoss: true }, 'high'],
    ['grievance', { riskOfLosingCustomer: true }, 'high'],
    ['satisfied', { safetyHazard: false, majorLoss: false, riskOfLosingCustomer: false }, 'low'],
  ];
  for (const [classification, flags, expected] of rows) {
    it(`${classification} ${JSON.stringify(flags)} → ${expected}`, () => assert.equal(casePriority(classification, flags), expected));
  }
});

describe('suggested department and nature', () => {
  const rows: [string, Parameters<typeof suggestedAssignment>[0], { nature: string; department: string }][] = [
    ['a poorly rated product goes to R&D', { product: 40, attitude: 90, speed: 80, service: null }, { nature: 'product_quality', department: 'rnd' }],
    ['a rude engineer is an attitude matter for after-sales', { product: 95, attitude: 30, speed: 80, service: 90 }, { nature: 'attitude', department: 'after_sales' }],
    ['slowness is process efficiency', { product: null, attitude: null, speed: 20, service: 60 }, { nature: 'process_efficiency', department: 'after_sales' }],
    ['poor service quality is technical ability', { product: 90, attitude: 90, speed: 90, service: 50 }, { nature: 'technical_ability', department: 'after_sales' }],
    ['a tie goes to the first dimension', { product: 50, attitude: 50, speed: 90, service: 90 }, { nature: 'product_quality', department: 'rnd' }],
    ['nothing rated: communication, after-sales', { product: null, attitude: null, speed: null, service: null }, { nature: 'communication', department: 'after_sales' }],
  ];
  for (const [name, scores, expected] of rows) {
    it(name, () => assert.deepEqual(suggestedAssignment(scores), { ...expected, scope: 'single' }));
  }
});
