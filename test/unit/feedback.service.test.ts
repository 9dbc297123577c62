import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../../src/common/errors.js';
import type { AnalysisDto, AssignCaseDto, CompletionDto, RevisitDto, VerificationDto } from '../../src/feedback/dto/case-actions.dto.js';
import { FeedbackService } from '../../src/feedback/feedback.service.js';
import type { Department } from '../../src/directory/department.entity.js';
import { Person } from '../../src/directory/person.entity.js';
import type { TemporalService } from '../../src/temporal/temporal.service.js';
import { CASE_REJECTIONS, type Actor, type FeedbackCaseState } from '../../workflows/feedback-types.js';

const CASE_NO = '20261123-PHONE-001';
const manager: Actor = { id: 'chen.jing', role: 'after_sales_manager' };
const owner: Actor = { id: 'wang.gong', role: 'department_owner' };

const aState = (overrides: Partial<FeedbackCaseState> = {}): FeedbackCaseState => ({
  caseNo: CASE_NO,
  stage: 'assigned',
  cycle: 1,
  priority: 'high',
  classification: 'dissatisfied',
  saleId: 'S-1',
  callbackId: 'S-1-C1',
  suggestion: null,
  customerId: 'C-1',
  receivedAt: '2026-11-23T02:15:00.000Z',
  department: 'rnd',
  ownerId: 'wang.gong',
  nature: 'product_quality',
  scope: 'common',
  analysis: null,
  handlers: ['zhang.wei', 'chen.jing', 'wang.gong'],
  deadlines: [],
  missedDeadlines: 0,
  resolution: null,
  events: [],
  ...overrides,
});

/** The staff directory as the service sees it: wang.gong is an active department owner of rnd. */
const directory = (people: Record<string, Partial<Person>> = {}) => {
  const all: Record<string, Partial<Person>> = {
    'wang.gong': { id: 'wang.gong', active: true, roles: ['department_owner'], department: { code: 'rnd' } as Department },
    ...people,
  };
  const person = (id: string) => (all[id] ? Object.assign(Object.create(Person.prototype) as Person, all[id]) : null);
  return { fork: () => ({ findOne: async (_entity: unknown, { id }: { id: string }) => person(id) }) } as unknown as EntityManager;
};

function serviceWith(
  workflow: { executeUpdate?: () => Promise<unknown>; describe?: () => Promise<unknown>; query?: () => Promise<unknown> },
  em = directory(),
) {
  const executeUpdate = mock.fn(workflow.executeUpdate ?? (async () => aState()));
  const describeFn = mock.fn(workflow.describe ?? (async () => ({ status: { name: 'RUNNING' } })));
  const query = mock.fn(workflow.query ?? (async () => aState()));
  const getHandle = mock.fn((_workflowId: string) => ({ executeUpdate, describe: describeFn, query }));
  const temporal = { taskQueue: 'aftercare', client: { workflow: { getHandle } } } as unknown as TemporalService;
  return { service: new FeedbackService(em, temporal), executeUpdate, getHandle, describe: describeFn, query };
}

const rejectedWith = (type: string, message: string) => async () => {
  throw new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type, message, nonRetryable: true }));
};
const notFound = async () => {
  throw new WorkflowNotFoundError('workflow not found', `feedback-${CASE_NO}`, undefined);
};

const assignment = { department: 'rnd', ownerId: 'wang.gong', nature: 'product_quality', scope: 'common' } as AssignCaseDto;
const analysis = {
  whyChain: ['starts slowly', 'board overheats'],
  rootCause: 'undersized fan',
  shortTermMeasures: [{ description: 'replace the board', deadline: '2026-11-28T10:00:00+08:00' }],
  longTermMeasures: [],
  technicianVisit: true,
} as AnalysisDto;

describe('FeedbackService', () => {
  const actions: [string, string, (s: FeedbackService) => Promise<unknown>, unknown][] = [
    ['assign', 'assignCase', (s) => s.assign(CASE_NO, manager, assignment), { actor: manager, ...assignment }],
    ['submitAnalysis', 'submitAnalysis', (s) => s.submitAnalysis(CASE_NO, owner, analysis), { actor: owner, ...analysis }],
    [
      'reportDone',
      'reportDone',
      (s) => s.reportDone(CASE_NO, owner, { summary: 'board replaced', technicianVisited: undefined } as CompletionDto),
      { actor: owner, summary: 'board replaced' },
    ],
    [
      'verify',
      'verifyCase',
      (s) => s.verify(CASE_NO, manager, { effective: false, note: 'still slow' } as VerificationDto),
      { actor: manager, effective: false, note: 'still slow' },
    ],
    [
      'recordRevisit',
      'recordRevisit',
      (s) => s.recordRevisit(CASE_NO, { id: 'li.na', role: 'agent' }, { satisfied: true, score: 95, customerWords: '满意' } as RevisitDto),
      { actor: { id: 'li.na', role: 'agent' }, satisfied: true, score: 95, customerWords: '满意' },
    ],
  ];

  for (const [method, update, call, request] of actions) {
    it(`${method} runs the ${update} update on the case's workflow with the actor, and answers the new state from a query`, async () => {
      const state = aState({ stage: 'verifying' });
      const { service, executeUpdate, getHandle, query } = serviceWith({
        executeUpdate: async () => ({ caseNo: CASE_NO, stage: 'verifying', cycle: 1, priority: 'high' }),
        query: async () => state,
      });
      assert.deepEqual(await call(service), { ...state, source: 'workflow' });
      assert.equal(query.mock.callCount(), 1);
      assert.equal(getHandle.mock.calls[0]!.arguments[0], `feedback-${CASE_NO}`);
      const [definition, options] = executeUpdate.mock.calls[0]!.arguments as unknown as [{ name: string }, { args: unknown[] }];
      assert.equal(definition.name, update);
      assert.deepEqual(options.args, [request]);
    });
  }

  it('sends a re-visit without a score without one', async () => {
    const { service, executeUpdate } = serviceWith({});
    await service.recordRevisit(CASE_NO, { id: 'li.na', role: 'agent' }, { satisfied: false, customerWords: '还是慢' } as RevisitDto);
    const [, options] = executeUpdate.mock.calls[0]!.arguments as unknown as [unknown, { args: [object] }];
    assert.deepEqual(Object.keys(options.args[0]).sort(), ['actor', 'customerWords', 'satisfied']);
  });

  const expected = { forbidden: ForbiddenError, conflict: ConflictError, unprocessable: UnprocessableError } as const;
  for (const [type, kind] of Object.entries(CASE_REJECTIONS)) {
    it(`turns the workflow's ${type} rejection into ${expected[kind].name} with its message`, async () => {
      const { service } = serviceWith({ executeUpdate: rejectedWith(type, `case ${CASE_NO}: ${type}`) });
      for (const [, , call] of actions) {
        await assert.rejects(call(service), (err) => err instanceof expected[kind] && err.message === `case ${CASE_NO}: ${type}`);
      }
    });
  }

  it('assigns only an active department owner of the named department, before asking the workflow', async () => {
    const people = {
      'old.hand': { id: 'old.hand', active: false, roles: ['department_owner'], department: { code: 'rnd' } as Department },
      'zhang.wei': { id: 'zhang.wei', active: true, roles: ['agent'], department: { code: 'rnd' } as Department },
      'zhao.li': { id: 'zhao.li', active: true, roles: ['department_owner'], department: { code: 'logistics' } as Department },
    } satisfies Record<string, Partial<Person>>;
    const refusals: [string, RegExp][] = [
      ['nobody', /^ownerId nobody is not in the staff directory$/],
      ['old.hand', /^ownerId old\.hand is deactivated$/],
      ['zhang.wei', /^ownerId zhang\.wei is not a department owner \(roles: agent\)$/],
      ['zhao.li', /^ownerId zhao\.li belongs to department logistics, not rnd$/],
    ];
    for (const [ownerId, message] of refusals) {
      const { service, executeUpdate } = serviceWith({}, directory(people));
      await assert.rejects(
        service.assign(CASE_NO, manager, { ...assignment, ownerId }),
        (err) => err instanceof UnprocessableError && message.test(err.message) && err.fields?.[0]?.field === 'ownerId',
      );
      assert.equal(executeUpdate.mock.callCount(), 0, ownerId);
    }
  });

  it('lets other update failures through to the exception filter', async () => {
    const { service } = serviceWith({ executeUpdate: rejectedWith('SomethingElse', 'boom') });
    await assert.rejects(service.assign(CASE_NO, manager, assignment), (err) => err instanceof WorkflowUpdateFailedError);
    const { service: failing } = serviceWith({ executeUpdate: async () => Promise.reject(new Error('boom')) });
    await assert.rejects(failing.verify(CASE_NO, manager, { effective: true, note: 'ok' } as VerificationDto), /boom/);
  });

  it('answers not found for a case without a workflow', async () => {
    const { service } = serviceWith({ executeUpdate: notFound, describe: notFound });
    await assert.rejects(
      service.assign(CASE_NO, manager, assignment),
      (err) => err instanceof NotFoundError && err.message === `feedback case ${CASE_NO} is not known`,
    );
  });

  it('answers a conflict when the case\'s workflow has ended', async () => {
    const { service } = serviceWith({ executeUpdate: notFound, describe: async () => ({ status: { name: 'COMPLETED' } }) });
    await assert.rejects(
      service.verify(CASE_NO, manager, { effective: true, note: 'ok' } as VerificationDto),
      (err) => err instanceof ConflictError && /feedback case 20261123-PHONE-001 has ended \(completed\)/.test(err.message),
    );
  });

  it('answers the state from the feedbackCaseState query, and not found for an unknown case', async () => {
    const state = aState();
    const { service, query, getHandle } = serviceWith({ query: async () => state });
    assert.deepEqual(await service.getState(CASE_NO), { ...state, source: 'workflow' });
    assert.equal(getHandle.mock.calls[0]!.arguments[0], `feedback-${CASE_NO}`);
    assert.equal((query.mock.calls[0]!.arguments as unknown as [{ name: string }])[0].name, 'feedbackCaseState');

    const { service: unknown } = serviceWith({ query: notFound });
    await assert.rejects(unknown.getState(CASE_NO), (err) => err instanceof NotFoundError && /not known/.test(err.message));
  });
});
