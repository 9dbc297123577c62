import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { tracingActive, workflowSpanSinks } from '../telemetry/tracing.js';

/** Workflows are bundled once at build time (npm run build); workers and tests load this file. */
export const WORKFLOW_BUNDLE_PATH = fileURLToPath(new URL('../../workflow-bundle.js', import.meta.url));
/** The same workflows with the tracing interceptors, which the worker runs when tracing is on. */
export const TRACED_WORKFLOW_BUNDLE_PATH = fileURLToPath(new URL('../../workflow-bundle-traced.js', import.meta.url));
export const WORKFLOWS_ENTRY = fileURLToPath(new URL('../../workflows/index.js', import.meta.url));

/**
 * The SDK's OpenTelemetry workflow interceptors: they continue the trace of the call that started, signalled or
 * updated a workflow and pass it on to its activities and children. They run in the workflow sandbox (span ids from
 * the workflow's seeded random, times from its clock, the SDK's flags for histories recorded without them) and export
 * spans through the `exporter` sink. In a bundle of their own because they cost CPU on every workflow task (about
 * 45 % more to replay the recorded histories): with tracing off the worker runs the bundle without them.
 */
export const WORKFLOW_INTERCEPTOR_MODULES = [createRequire(import.meta.url).resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')];

export function workflowBundle(traced = false): { codePath: string } {
  const codePath = traced ? TRACED_WORKFLOW_BUNDLE_PATH : WORKFLOW_BUNDLE_PATH;
  if (!existsSync(codePath)) {
    throw new Error(`workflow bundle missing at ${codePath}: run npm run build`);
  }
  return { codePath };
}

/** The worker's workflows: with the tracing interceptors and the sink they export to when tracing is on. */
export function bundledWorkflows(): { workflowBundle: { codePath: string }; sinks?: ReturnType<typeof workflowSpanSinks> } {
  return tracingActive() ? { workflowBundle: workflowBundle(true), sinks: workflowSpanSinks() } : { workflowBundle: workflowBundle() };
}
