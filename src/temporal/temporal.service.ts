import { InterceptingCall, status, type Interceptor } from '@grpc/grpc-js';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import proto from '@temporalio/proto';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { ApiMetrics } from '../metrics/api-metrics.js';
import { tracingClientInterceptors } from '../telemetry/tracing.js';
import { encryptingDataConverter } from './payload-codec.js';

const { TaskQueueKind, TaskQueueType } = proto.temporal.api.enums.v1;

/**
 * An unreachable server is retried for about a second, not the SDK's default of about 20: an agent waiting on a
 * save learns at once that it did not go through. The channel reconnects within a second once the server is back.
 */
const RPC_ATTEMPTS = 5;
const CHANNEL_ARGS = { 'grpc.initial_reconnect_backoff_ms': 250, 'grpc.max_reconnect_backoff_ms': 1000 };

/** Times each call from its start to its final status, outside the retry interceptor: what a request waited. */
function timedCalls(metrics: ApiMetrics): Interceptor {
  return (options, nextCall) => {
    const path = options.method_definition.path;
    const stop = metrics.temporalCalls.startTimer({ grpc_method: path.slice(path.lastIndexOf('/') + 1) });
    return new InterceptingCall(nextCall(options), {
      start(metadata, _listener, next) {
        next(metadata, {
          onReceiveStatus(callStatus, nextStatus) {
            stop({ grpc_code: status[callStatus.code] ?? String(callStatus.code) });
            nextStatus(callStatus);
          },
        });
      },
    });
  };
}

/** Workers the server saw polling the task queue within the last WORKER_POLL_MAX_AGE_S, per kind of task. */
export interface TaskQueuePollers {
  workflow: number;
  activity: number;
}

/** The API's one Temporal client. The connection is lazy so the API starts, and recovers, while Temporal is down. */
@Injectable()
export class TemporalService implements OnApplicationShutdown {
  readonly connection: Connection;
  readonly client: Client;
  readonly taskQueue: string;
  private readonly callTimeoutMs: number;
  private readonly namespace: string;
  private readonly pollMaxAgeS: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig, metrics: ApiMetrics) {
    this.connection = Connection.lazy({
      address: config.TEMPORAL_ADDRESS,
      interceptors: [timedCalls(metrics), makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: RPC_ATTEMPTS }))],
      channelArgs: CHANNEL_ARGS,
    });
    this.client = new Client({
      connection: this.connection,
      namespace: config.TEMPORAL_NAMESPACE,
      dataConverter: encryptingDataConverter(config.payloadKeys),
      interceptors: tracingClientInterceptors(),
    });
    this.taskQueue = config.TEMPORAL_TASK_QUEUE;
    this.callTimeoutMs = config.TEMPORAL_CALL_TIMEOUT_MS;
    this.namespace = config.TEMPORAL_NAMESPACE;
    this.pollMaxAgeS = config.WORKER_POLL_MAX_AGE_S;
  }

  /** Runs `fn` with every Temporal call in it bound to one deadline, TEMPORAL_CALL_TIMEOUT_MS from now. */
  withinDeadline<T>(fn: () => Promise<T>): Promise<T> {
    return this.connection.withDeadline(Date.now() + this.callTimeoutMs, fn);
  }

  async isReachable(timeoutMs = 2000): Promise<boolean> {
    try {
      await this.connection.withDeadline(Date.now() + timeoutMs, () =>
        this.connection.workflowService.getSystemInfo({}),
      );
      return true;
    } catch {
      return false;
    }
  }

  /**
   * The task queue's pollers as the server describes them. The server lists a worker for minutes after it stopped,
   * with the time its latest poll began; an idle worker begins one each time the long poll expires.
   */
  async pollers(timeoutMs = 2000): Promise<TaskQueuePollers> {
    const fresh = async (taskQueueType: number) => {
      const { pollers } = await this.connection.workflowService.describeTaskQueue({
        namespace: this.namespace,
        taskQueue: { name: this.taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        taskQueueType,
      });
      const since = Date.now() / 1000 - this.pollMaxAgeS;
      return pollers.filter((poller) => Number(poller.lastAccessTime?.seconds ?? 0) >= since).length;
    };
    return this.connection.withDeadline(Date.now() + timeoutMs, async () => {
      // Both settled before answering: no call of this one still retrying when the connection closes.
      const [workflow, activity] = await Promise.allSettled([
        fresh(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW),
        fresh(TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY),
      ]);
      if (workflow.status === 'rejected') throw workflow.reason;
      if (activity.status === 'rejected') throw activity.reason;
      return { workflow: workflow.value, activity: activity.value };
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
