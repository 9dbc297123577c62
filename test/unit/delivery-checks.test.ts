import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deliveredOnProblems, deliveryDifferences } from '../../src/sales/delivery-checks.js';
import { aDelivery } from '../support/fixtures.js';

const policy = { timeZone: 'Asia/Shanghai', futureDays: 1, horizonYears: 10 };
// 2026-12-03 01:30 in company time: still 2 December in UTC.
const now = new Date('2026-12-02T17:30:00Z');

describe('deliveredOnProblems', () => {
  const accepted = ['2026-12-03', '2026-12-04', '2016-12-03', '2026-11-20'];
  for (const date of accepted) {
    it(`accepts ${date} (today is 2026-12-03 in company time)`, () => assert.deepEqual(deliveredOnProblems(date, policy, now), []));
  }

  it('refuses a date beyond the tolerance, saying why, with today in company time and its offset', () => {
    const [problem] = deliveredOnProblems('2999-06-01', policy, now);
    assert.equal(
      problem,
      'deliveredOn 2999-06-01 is in the future: a delivery is reported once made, at most 1 day ahead ' +
        '(today is 2026-12-03 in company time, Asia/Shanghai, +08:00; latest 2026-12-04)',
    );
    assert.equal(deliveredOnProblems('2026-12-05', policy, now).length, 1);
    assert.deepEqual(deliveredOnProblems('2026-12-05', { ...policy, futureDays: 2 }, now), []);
  });

  it('refuses a date older than the horizon', () => {
    const [problem] = deliveredOnProblems('1970-01-01', policy, now);
    assert.match(problem!, /^deliveredOn 1970-01-01 is more than 10 years ago \(earliest 2016-12-03; today is 2026-12-03/);
    assert.equal(deliveredOnProblems('2016-12-02', policy, now).length, 1);
    assert.deepEqual(deliveredOnProblems('2016-12-02', { ...policy, horizonYears: 11 }, now), []);
  });
});

describe('deliveryDifferences', () => {
  const recorded = aDelivery();

  it('finds none between a delivery and itself, whatever the order of its keys', () => {
    const { salesOwner, ...rest } = recorded;
    const reordered = JSON.parse(JSON.stringify({ salesOwner, ...rest }));
    assert.deepEqual(deliveryDifferences(recorded, reordered), []);
  });

  it('names each differing field, echoing values but never personal data', () => {
    const sent = {
      ...recorded,
      product: { ...recorded.product, quantity: 3 },
      actualUser: undefined,
      customer: { ...recorded.customer, name: '别的医院' },
    };
    assert.deepEqual(deliveryDifferences(recorded, sent), [
      { field: 'actualUser.name', problems: ['differs from the recorded delivery'] },
      { field: 'actualUser.phone', problems: ['differs from the recorded delivery'] },
      { field: 'actualUser.title', problems: ['differs from the recorded delivery'] },
      { field: 'customer.name', problems: ['differs from the recorded delivery'] },
      { field: 'product.quantity', problems: ['recorded 2, sent 3'] },
    ]);
  });

  it('compares only the given fields', () => {
    const sent = { ...recorded, orderNo: 'PO-2', buyer: { ...recorded.buyer, name: '张三' } };
    assert.deepEqual(deliveryDifferences(recorded, sent, new Set(['orderNo'])).map((d) => d.field), ['orderNo']);
  });
});
