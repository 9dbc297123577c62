import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { periodOfLabel, ReportLabelError } from '../../src/reports/run-report.js';

describe('npm run report:run: the period a label names', () => {
  it('reads a month and a quarter', () => {
    assert.deepEqual(periodOfLabel('monthly', '2026-02', '2026-12-02'), { kind: 'monthly', label: '2026-02', start: '2026-02-01', end: '2026-03-01' });
    assert.deepEqual(periodOfLabel('quarterly', '2026-Q4', '2026-12-02'), { kind: 'quarterly', label: '2026-Q4', start: '2026-10-01', end: '2027-01-01' });
    assert.deepEqual(periodOfLabel('monthly', '2026-12', '2026-12-01').end, '2027-01-01', 'the period so far');
  });

  it('refuses another kind, a label of another shape and a period that has not begun, saying which', () => {
    const refused = (kind: string, label: string, message: RegExp) =>
      assert.throws(() => periodOfLabel(kind, label, '2026-12-02'), (err: unknown) => err instanceof ReportLabelError && message.test(err.message));
    refused('weekly', '2026-W48', /the kind must be monthly or quarterly/);
    refused('monthly', '2026-13', /a monthly label is YYYY-MM/);
    refused('monthly', '2026-Q4', /a monthly label is YYYY-MM/);
    refused('quarterly', '2026-Q5', /a quarterly label is YYYY-Qn/);
    refused('monthly', '2027-01', /monthly 2027-01 has not begun yet/);
    refused('quarterly', '2027-Q1', /has not begun yet/);
  });
});
