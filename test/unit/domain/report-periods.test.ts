import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { approvalDueAt, periodBefore, periodStarting, previousPeriods } from '../../../workflows/domain/report-periods.js';

const SHANGHAI = 'Asia/Shanghai';

describe('report periods', () => {
  const before: [string, 'monthly' | 'quarterly', string, { label: string; start: string; end: string }][] = [
    ['a monthly run on 1 Nov reports October', 'monthly', '2026-11-01T01:00:00+08:00', { label: '2026-10', start: '2026-10-01', end: '2026-11-01' }],
    ['a run just after midnight Shanghai time, still 31 Oct in UTC', 'monthly', '2026-10-31T16:30:00Z', { label: '2026-10', start: '2026-10-01', end: '2026-11-01' }],
    ['January reports the previous December', 'monthly', '2027-01-01T09:00:00+08:00', { label: '2026-12', start: '2026-12-01', end: '2027-01-01' }],
    ['March reports February of a leap year', 'monthly', '2028-03-01T09:00:00+08:00', { label: '2028-02', start: '2028-02-01', end: '2028-03-01' }],
    ['a quarterly run on 1 Oct reports Q3', 'quarterly', '2026-10-01T09:00:00+08:00', { label: '2026-Q3', start: '2026-07-01', end: '2026-10-01' }],
    ['a quarterly run on 1 Jan reports the previous Q4', 'quarterly', '2027-01-01T09:00:00+08:00', { label: '2026-Q4', start: '2026-10-01', end: '2027-01-01' }],
  ];
  for (const [name, kind, at, expected] of before) {
    it(name, () => assert.deepEqual(periodBefore(kind, at, SHANGHAI), { kind, ...expected }));
  }

  it('gives the six periods before, oldest first, for the trend', () => {
    assert.deepEqual(previousPeriods(periodStarting('monthly', '2026-03-01')).map((p) => p.label), ['2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02']);
    assert.deepEqual(previousPeriods(periodStarting('quarterly', '2026-07-01'), 2).map((p) => p.label), ['2026-Q1', '2026-Q2']);
  });

  it('is due on the 5th (monthly) or the 10th (quarterly) at 17:30', () => {
    assert.equal(approvalDueAt(periodStarting('monthly', '2026-10-01'), SHANGHAI), '2026-11-05T09:30:00.000Z');
    assert.equal(approvalDueAt(periodStarting('quarterly', '2026-10-01'), SHANGHAI), '2027-01-10T09:30:00.000Z');
  });
});
