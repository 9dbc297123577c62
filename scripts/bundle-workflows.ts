import { writeFile } from 'node:fs/promises';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { WORKFLOW_BUNDLE_PATH, WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_ENTRY } from '../src/temporal/workflow-bundle.js';

const { code } = await bundleWorkflowCode({
  workflowsPath: WORKFLOWS_ENTRY,
  workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
  logger: new DefaultLogger('WARN'),
});
await writeFile(WORKFLOW_BUNDLE_PATH, code);
console.log(`workflow bundle written to ${WORKFLOW_BUNDLE_PATH} (${Math.round(code.length / 1024)} KiB)`);
