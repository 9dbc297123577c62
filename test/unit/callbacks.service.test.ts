import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { CallbacksService } from '../../src/callbacks/callbacks.service.js';
import type { CallResultDto } from '../../src/callbacks/dto/call-result.dto.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../../src/common/errors.js';
import type { TemporalService } from '../../src/temporal/temporal.service.js';
import { CALLBACK_REJECTIONS, type CallResultOutcome } from '../../workflows/call-results.js';
import type { CallbackPlanEntry } from '../../workflows/callback-types.js';

const ATTEMPT = '0b3c5a52-7d4e-4b8a-9f39-6f1d2e3a4b5c';

/** `records`: what the database finds by entity name (nothing by default: the attempt is new, the sale unknown there). */
function serviceWith(workflow: { executeUpdate?: () => Promise<unknown>; describe?: () => Promise<unknown> }, records: Record<string, unknown> = {}) {
  const executeUpdate = mock.fn(workflow.executeUpdate ?? (async () => ({})));
  const describeFn = mock.fn(workflow.describe ?? (async () => ({ status: { name: 'RUNNING' } })));
  const getHandle = mock.fn((_workflowId: string) => ({ executeUpdate, describe: describeFn }));
  const temporal = { taskQueue: 'aftercare', client: { workflow: { getHandle } } } as unknown as TemporalService;
  const em = { fork: () => em, findOne: async (entity: { name: string }) => records[entity.name] ?? null } as unknown as EntityManager;
  return { service: new CallbacksService(em, temporal), executeUpdate, getHandle, describe: describeFn };
}

const rejectedWith = (type: string, message: string) => async () => {
  throw new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type, message, nonRetryable: true }));
};
const notFound = async () => {
  throw new WorkflowNotFoundError('workflow not found', 'sale-S-9', undefined);
};

const anOutcome = (applied: boolean): CallResultOutcome => ({ callbackId: 'S-1-C1', attemptId: ATTEMPT, applied, callbackStatus: 'scheduled' });
const busy = { attemptId: ATTEMPT, outcome: 'busy', reason: 'in surgery', callBackAt: '2026-12-21T07:30:00Z' } as CallResultDto;

describe('CallbacksService', () => {
  it("claims through the claimCallback update of the callback's sale and answers the claimed callback", async () => {
    const entry: CallbackPlanEntry = {
      callbackId: 'S-2026-0001-C2', kind: 'second_3_months', nominalDate: '2027-02-20', dueAt: '2027-02-22T02:00:00.000Z', late: false, status: 'claimed',
    };
    const { service, executeUpdate, getHandle } = serviceWith({ executeUpdate: async () => entry });
    assert.deepEqual(await service.claim('S-2026-0001-C2', 'zhang.wei'), entry);
    assert.equal(getHandle.mock.calls[0]!.arguments[0], 'sale-S-2026-0001');
    const [update, options] = executeUpdate.mock.calls[0]!.arguments as unknown as [{ name: string }, { args: unknown[] }];
    assert.equal(update.name, 'claimCallback');
    assert.deepEqual(options.args, [{ callbackId: 'S-2026-0001-C2', agentId: 'zhang.wei' }]);
  });

  it('records a result through the recordCallResult update with only the fields of its outcome', async () => {
    const { service, executeUpdate, getHandle } = serviceWith({ executeUpdate: async () => anOutcome(true) });
    const withUndefined = { ...busy, survey: undefined, actualUser: undefined } as CallResultDto;
    await service.recordResult('S-1-C1', 'zhang.wei', withUndefined);
    assert.equal(getHandle.mock.calls[0]!.arguments[0], 'sale-S-1');
    const [update, options] = executeUpdate.mock.calls[0]!.arguments as unknown as [{ name: string }, { args: unknown[] }];
    assert.equal(update.name, 'recordCallResult');
    assert.deepEqual(options.args, [
      { callbackId: 'S-1-C1', attemptId: ATTEMPT, agentId: 'zhang.wei', result: { outcome: 'busy', reason: 'in surgery', callBackAt: '2026-12-21T07:30:00Z' } },
    ]);
  });

  it('sends the attempt id as the update id, so that Temporal answers a repeat with the first outcome', async () => {
    const { service, executeUpdate } = serviceWith({ executeUpdate: async () => anOutcome(true) });
    await service.recordResult('S-1-C1', 'zhang.wei', busy);
    const [, options] = executeUpdate.mock.calls[0]!.arguments as unknown as [unknown, { updateId?: string }];
    assert.equal(options.updateId, ATTEMPT);
  });

  it('answers an attempt already recorded from the records, without asking Temporal', async () => {
    const attempt = { id: ATTEMPT, callback: { id: 'S-1-C1', status: 'scheduled' }, callbackStatus: 'scheduled' };
    const { service, executeUpdate } = serviceWith({}, { CallAttempt: attempt });
    const answer = await service.recordResult('S-1-C1', 'zhang.wei', busy);
    assert.deepEqual(answer, { created: false, outcome: anOutcome(false) });
    assert.equal(executeUpdate.mock.callCount(), 0);
  });

  it('builds each outcome in the workflow\'s terms', async () => {
    const { service, executeUpdate } = serviceWith({ executeUpdate: async () => anOutcome(true) });
    const actualUser = { name: '李强', phone: '+86 139 0000 0000', title: undefined };
    const bodies: [Partial<CallResultDto>, unknown][] = [
      [{ outcome: 'no_answer', reason: undefined }, { outcome: 'no_answer' }],
      [{ outcome: 'questionnaire_sent' }, { outcome: 'questionnaire_sent' }],
      [{ outcome: 'refused', reason: 'no time' }, { outcome: 'refused', reason: 'no time' }],
      [{ outcome: 'wrong_person', actualUser } as Partial<CallResultDto>, { outcome: 'wrong_person', actualUser: { name: '李强', phone: '+86 139 0000 0000' } }],
    ];
    for (const [body, result] of bodies) {
      await service.recordResult('S-1-C1', 'a', { attemptId: ATTEMPT, ...body } as CallResultDto);
      const [, options] = executeUpdate.mock.calls.at(-1)!.arguments as unknown as [unknown, { args: [{ result: unknown }] }];
      assert.deepEqual(options.args[0].result, result);
    }
  });

  it('says created when the attempt was applied now, not created when it had been recorded before', async () => {
    for (const applied of [true, false]) {
      const { service } = serviceWith({ executeUpdate: async () => anOutcome(applied) });
      assert.deepEqual(await service.recordResult('S-1-C1', 'zhang.wei', busy), { created: applied, outcome: anOutcome(applied) });
    }
  });

  const expected = { not_found: NotFoundError, conflict: ConflictError, unprocessable: UnprocessableError } as const;
  for (const [type, kind] of Object.entries(CALLBACK_REJECTIONS)) {
    it(`turns the workflow's ${type} rejection into ${expected[kind].name} with its message`, async () => {
      const { service } = serviceWith({ executeUpdate: rejectedWith(type, `callback S-1-C1: ${type}`) });
      for (const call of [() => service.claim('S-1-C1', 'a'), () => service.recordResult('S-1-C1', 'zhang.wei', busy)]) {
        await assert.rejects(call(), (err) => err instanceof expected[kind] && err.message === `callback S-1-C1: ${type}`);
      }
    });
  }

  it('lets other update failures through to the exception filter', async () => {
    const { service } = serviceWith({ executeUpdate: rejectedWith('SomethingElse', 'boom') });
    await assert.rejects(service.claim('S-1-C1', 'a'), (err) => err instanceof WorkflowUpdateFailedError);
    const { service: failing } = serviceWith({ executeUpdate: async () => Promise.reject(new Error('boom')) });
    await assert.rejects(failing.recordResult('S-1-C1', 'zhang.wei', busy), /boom/);
  });

  it('answers not found for a sale without a follow-up', async () => {
    const { service } = serviceWith({ executeUpdate: notFound, describe: notFound });
    await assert.rejects(service.claim('S-9-C1', 'a'), (err) => err instanceof NotFoundError && /sale S-9 is not known/.test(err.message));
    await assert.rejects(service.recordResult('S-9-C1', 'zhang.wei', busy), (err) => err instanceof NotFoundError && /S-9/.test(err.message));
  });

  it('answers a conflict when the follow-up of the sale has ended', async () => {
    const { service } = serviceWith({ executeUpdate: notFound, describe: async () => ({ status: { name: 'COMPLETED' } }) });
    await assert.rejects(service.claim('S-9-C1', 'a'), (err) => err instanceof ConflictError && /follow-up of sale S-9 has ended/.test(err.message));
    await assert.rejects(service.recordResult('S-9-C1', 'zhang.wei', busy), (err) => err instanceof ConflictError);
  });

  for (const id of ['S-1', 'S-1-C4', 'S-1-C', '-C1', 'a b-C1']) {
    it(`answers not found for the callback id ${JSON.stringify(id)} without asking Temporal`, async () => {
      const { service, getHandle, executeUpdate } = serviceWith({});
      await assert.rejects(service.claim(id, 'a'), (err) => err instanceof NotFoundError && err.message === `callback ${id} is not known`);
      await assert.rejects(service.recordResult(id, 'zhang.wei', busy), NotFoundError);
      assert.equal(getHandle.mock.callCount() + executeUpdate.mock.callCount(), 0);
    });
  }
});
