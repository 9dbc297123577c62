import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { problemsOf as problemsOfDto } from '../support/validation.js';
import { SaleDeliveryDto } from '../../src/sales/dto/sale-delivery.dto.js';
import { aDelivery } from '../support/fixtures.js';


const problemsOf = (value: unknown) => problemsOfDto(SaleDeliveryDto, value);

describe('delivery validation', () => {
  it('accepts a complete delivery, with or without the optional parts', async () => {
    assert.deepEqual(await problemsOf(aDelivery()), {});
    const { actualUser: _, warrantyMonths: __, ...minimal } = aDelivery();
    assert.deepEqual(await problemsOf(minimal), {});
  });

  const cases: [string, (d: Record<string, unknown>) => unknown, string[]][] = [
    ['a missing customer', ({ customer: _, ...rest }) => rest, ['customer']],
    ['a customer that is not an object', (d) => ({ ...d, customer: 'ACME' }), ['customer']],
    ['an unknown customer category', (d) => ({ ...d, customer: { ...(d.customer as object), category: 'space' } }), ['customer.category']],
    ['a buyer without a phone', (d) => ({ ...d, buyer: { name: '王芳' } }), ['buyer.phone']],
    ['a zero quantity', (d) => ({ ...d, product: { model: 'XR-200', quantity: 0 } }), ['product.quantity']],
    ['an impossible date', (d) => ({ ...d, deliveredOn: '2026-02-30' }), ['deliveredOn']],
    ['a timestamp instead of a date', (d) => ({ ...d, deliveredOn: '2026-02-03T10:00:00Z' }), ['deliveredOn']],
    ['a sale id that cannot be part of a workflow id', (d) => ({ ...d, saleId: 'a/b' }), ['saleId']],
    ['a warranty of 0 months', (d) => ({ ...d, warrantyMonths: 0 }), ['warrantyMonths']],
    ['an unknown field', (d) => ({ ...d, discount: 5 }), ['discount']],
    ['an unknown nested field', (d) => ({ ...d, product: { model: 'XR-200', quantity: 1, colour: 'red' } }), ['product.colour']],
    ['null for an optional field, which may only be left out', (d) => ({ ...d, warrantyMonths: null, actualUser: null }), ['actualUser', 'warrantyMonths']],
    ['null for an optional nested field', (d) => ({ ...d, buyer: { name: '王芳', phone: '+86 138 0013 8000', email: null } }), ['buyer.email']],
  ];
  for (const [what, change, fields] of cases) {
    it(`names the field for ${what}`, async () => {
      const problems = await problemsOf(change(aDelivery() as unknown as Record<string, unknown>));
      assert.deepEqual(Object.keys(problems).sort(), fields);
      for (const messages of Object.values(problems)) assert.ok(messages.length > 0);
    });
  }
});

describe('dates and instants in the supported years', () => {
  it('refuses a year before 1970 or after 2999, naming the field; accepts the ends', async () => {
    const { BusinessDaysQueryDto } = await import('../../src/calendar/dto/business-days-query.dto.js');
    const query = (from: string) => problemsOfDto(BusinessDaysQueryDto, { from, days: '2' }, 'query');
    assert.deepEqual(await query('1969-12-31T23:59:59Z'), { from: ['from must lie in the years 1970 to 2999'] });
    assert.deepEqual(await query('3000-01-01T00:00:00Z'), { from: ['from must lie in the years 1970 to 2999'] });
    assert.deepEqual(await query('1970-01-01T00:00:00Z'), {});
    assert.deepEqual(await query('2999-12-31T23:59:59+08:00'), {});
    assert.deepEqual(Object.keys(await problemsOf({ ...aDelivery(), deliveredOn: '0999-01-01' })), ['deliveredOn']);
  });
});
