import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { workflowSpanSinks } from '../telemetry/tracing.js';

/** Workflows are bundled once at build time (npm run build); workers and tests load this file. */
export const WORKFLOW_BUNDLE_PATH = fileURLToPath(new URL('../../workflow-bundle.js', import.meta.url));
export const WORKFLOWS_ENTRY = fileURLToPath(new URL('../../workflows/index.js', import.meta.url));

/**
 * Interceptors bundled with the workflows: the SDK's OpenTelemetry workflow interceptors, which continue the trace
 * of the call that started, signalled or updated a workflow and pass it on to its activities and children. They run
 * in the workflow sandbox (deterministic: span ids from the workflow's seeded random, times from its clock) and
 * export spans through the `exporter` sink (src/telemetry/tracing.ts, workflowSpanSinks).
 */
export const WORKFLOW_INTERCEPTOR_MODULES = [createRequire(import.meta.url).resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')];

export function workflowBundle(): { codePath: string } {
  if (!existsSync(WORKFLOW_BUNDLE_PATH)) {
    throw new Error(`workflow bundle missing at ${WORKFLOW_BUNDLE_PATH}: run npm run build`);
  }
  return { codePath: WORKFLOW_BUNDLE_PATH };
}

/** What a worker (or a replay) needs to run the bundle: the code, and the sink its tracing interceptor exports to. */
export function bundledWorkflows(): { workflowBundle: { codePath: string }; sinks: ReturnType<typeof workflowSpanSinks> } {
  return { workflowBundle: workflowBundle(), sinks: workflowSpanSinks() };
}
