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
  ];
  for (const [what, change, fields] of cases) {
    it(`names the field for ${what}`, async () => {
      const problems = await problemsOf(change(aDelivery() as unknown as Record<string, unknown>));
      assert.deepEqual(Object.keys(problems).sort(), fields);
      for (const messages of Object.values(problems)) assert.ok(messages.length > 0);
    });
  }
});
