import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';

/** Where recorded workflow histories live in the source tree; CI replays every file in it. */
export const HISTORIES_DIR = fileURLToPath(new URL('../../../test/replay/histories/', import.meta.url));

/**
 * With RECORD_HISTORIES=1, saves the workflow's history as test/replay/histories/<name>.json so that later
 * workflow code is proven to replay it. A recorded history is committed and never overwritten.
 */
export async function recordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  const file = `${HISTORIES_DIR}${name}.json`;
  if (process.env.RECORD_HISTORIES !== '1' || existsSync(file)) return;
  const history = await handle.fetchHistory();
  await mkdir(HISTORIES_DIR, { recursive: true });
  await writeFile(file, historyToJSON(history));
}
