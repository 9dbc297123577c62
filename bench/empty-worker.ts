import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';

// Bench only: runs BenchEmpty on its own task queue, so the product worker and bundle are untouched.
const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
const taskQueue = process.env.BENCH_EMPTY_TASK_QUEUE ?? 'aftercare-bench-empty';
const connection = await NativeConnection.connect({ address });
try {
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowsPath: fileURLToPath(new URL('./empty-workflow.js', import.meta.url)),
  });
  console.log(`bench worker polling task queue ${taskQueue} on ${address}`);
  await worker.run();
} finally {
  await connection.close();
}
