import { makeContinueAsNewFunc, workflowInfo, type Workflow } from '@temporalio/workflow';

/**
 * Continue-as-new that keeps what operators see: the run's search attributes and memo go on to the next run, which
 * the server does not do on its own.
 */
export function continuedRun<F extends Workflow>() {
  const { typedSearchAttributes, memo } = workflowInfo();
  return makeContinueAsNewFunc<F>({ typedSearchAttributes, ...(memo ? { memo } : {}) });
}
