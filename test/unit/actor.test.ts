import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UnauthorizedException } from '@nestjs/common';
import { actorFromHeaders } from '../../src/common/actor.js';
import { CASE_ROLES } from '../../workflows/feedback-types.js';

function unauthorized(headers: Record<string, string | string[]>, message: RegExp): void {
  assert.throws(
    () => actorFromHeaders(headers),
    (err: unknown) => {
      assert.ok(err instanceof UnauthorizedException, `expected 401, got ${String(err)}`);
      assert.equal(err.getStatus(), 401);
      assert.match((err.getResponse() as { message: string }).message, message);
      return true;
    },
  );
}

describe('actorFromHeaders, who acts on a case', () => {
  for (const role of CASE_ROLES) {
    it(`reads the id and the role ${role}`, () => {
      assert.deepEqual(actorFromHeaders({ 'x-actor-id': 'chen.jing', 'x-actor-role': role }), { id: 'chen.jing', role });
    });
  }

  it('names both headers when neither is sent', () => {
    unauthorized({}, /X-Actor-Id is missing; X-Actor-Role is missing/);
  });

  it('names the one that is missing or empty', () => {
    unauthorized({ 'x-actor-role': 'agent' }, /^who is acting is not known: X-Actor-Id is missing$/);
    unauthorized({ 'x-actor-id': 'li.na' }, /^who is acting is not known: X-Actor-Role is missing$/);
    unauthorized({ 'x-actor-id': '', 'x-actor-role': 'agent' }, /X-Actor-Id is missing/);
  });

  it('refuses a role that is not a case role', () => {
    for (const role of ['ceo', 'Agent', 'agent,general_manager', ' agent']) {
      unauthorized({ 'x-actor-id': 'li.na', 'x-actor-role': role }, /X-Actor-Role must be one of agent, department_owner, after_sales_manager, general_manager/);
    }
  });

  it('refuses an id that is not one plain id', () => {
    for (const id of [' li.na', 'li na', '-li', 'a'.repeat(101), 'li.na, chen.jing']) {
      unauthorized({ 'x-actor-id': id, 'x-actor-role': 'agent' }, /X-Actor-Id must be one id/);
    }
    unauthorized({ 'x-actor-id': ['li.na', 'chen.jing'], 'x-actor-role': 'agent' }, /X-Actor-Id must be one id/);
  });
});
