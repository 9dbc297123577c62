import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Workflows are bundled once at build time (npm run build); workers and tests load this file. */
export const WORKFLOW_BUNDLE_PATH = fileURLToPath(new URL('../../workflow-bundle.js', import.meta.url));
export const WORKFLOWS_ENTRY = fileURLToPath(new URL('../../workflows/index.js', import.meta.url));

export function workflowBundle(): { codePath: string } {
  if (!existsSync(WORKFLOW_BUNDLE_PATH)) {
    throw new Error(`workflow bundle missing at ${WORKFLOW_BUNDLE_PATH}: run npm run build`);
  }
  return { codePath: WORKFLOW_BUNDLE_PATH };
}
