import assert from 'node:assert/strict';
import { WorkflowUpdateFailedError } from '@temporalio/client';

/** The type of the failure a workflow's update validator rejected `update` with; fails the test if it was accepted. */
export async function rejection(update: Promise<unknown>): Promise<string> {
  try {
    await update;
  } catch (err) {
    assert.ok(err instanceof WorkflowUpdateFailedError, String(err));
    return (err.cause as { type?: string }).type ?? 'untyped';
  }
  assert.fail('the update was accepted');
}
