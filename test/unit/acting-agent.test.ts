import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actingAgent } from '../../src/callbacks/acting-agent.js';
import { ForbiddenError } from '../../src/common/errors.js';

describe('the agent who claims or calls', () => {
  const caller = { id: 'A-1001', role: 'agent' as const, roles: ['agent' as const] };

  it("is the token's subject, whether or not the body names them", () => {
    assert.equal(actingAgent(caller, undefined), 'A-1001');
    assert.equal(actingAgent(caller, 'A-1001'), 'A-1001');
  });

  it('is never another agent named in the body', () => {
    assert.throws(
      () => actingAgent(caller, 'A-2002'),
      (err: unknown) => err instanceof ForbiddenError && err.message === 'agentId A-2002 is not the authenticated agent A-1001; leave agentId out or send your own',
    );
  });
});
