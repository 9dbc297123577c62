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

/** The type and message of the failure that rejected the update. */
export async function rejectionOf(update: Promise<unknown>): Promise<{ type: string; message: string }> {
  try {
    await update;
  } catch (err) {
    assert.ok(err instanceof WorkflowUpdateFailedError, String(err));
    const cause = err.cause as { type?: string; message?: string };
    return { type: cause.type ?? 'untyped', message: cause.message ?? '' };
  }
  assert.fail('the update was accepted');
}
