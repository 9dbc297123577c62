import { writeFile } from 'node:fs/promises';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { TRACED_WORKFLOW_BUNDLE_PATH, WORKFLOW_BUNDLE_PATH, WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_ENTRY } from '../src/temporal/workflow-bundle.js';

for (const [path, workflowInterceptorModules] of [
  [WORKFLOW_BUNDLE_PATH, []],
  [TRACED_WORKFLOW_BUNDLE_PATH, WORKFLOW_INTERCEPTOR_MODULES],
] as const) {
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_ENTRY, workflowInterceptorModules: [...workflowInterceptorModules], logger: new DefaultLogger('WARN') });
  await writeFile(path, code);
  console.log(`workflow bundle written to ${path} (${Math.round(code.length / 1024)} KiB)`);
}
