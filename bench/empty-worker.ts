import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { loadConfig } from '../src/config/config.js';
import { encryptingDataConverter } from '../src/temporal/payload-codec.js';

// Bench only: runs the empty workflows on their own task queue, so the product worker and bundle are untouched. It
// reads the product's settings for what the engine's figures must share with it: the payload encryption (the run's
// client encrypts every start) and the bound on cached workflows (so sleepers are replayed when they wake, as sale
// follow-ups are).
const config = loadConfig();
const taskQueue = process.env.BENCH_EMPTY_TASK_QUEUE ?? 'aftercare-bench-empty';
const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
try {
  const worker = await Worker.create({
    connection,
    taskQueue,
    dataConverter: encryptingDataConverter(config.payloadKeys),
    maxCachedWorkflows: config.TEMPORAL_MAX_CACHED_WORKFLOWS,
    workflowsPath: fileURLToPath(new URL('./empty-workflow.js', import.meta.url)),
  });
  console.log(`bench worker polling task queue ${taskQueue} on ${config.TEMPORAL_ADDRESS}`);
  await worker.run();
} finally {
  await connection.close();
}
