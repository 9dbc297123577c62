import type { MikroORM } from '@mikro-orm/postgresql';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { insertIgnoringConflict } from '../database/insert-ignoring-conflict.js';
import type { CaseStage } from '../../workflows/feedback-types.js';
import type { FeedbackPriority } from '../../workflows/domain/classification.js';
import type { DeliverNotification } from '../../workflows/deliver-notification.js';
import { deliveryWorkflowId, type DeliveryPolicy } from '../../workflows/notification-types.js';
import { Notification, type NotificationFacts, type NotificationRecipient } from './notification.entity.js';

/** What a workflow asks the notify activity to tell; the structured fields are optional (older workflows omit them). */
export interface NotifyInput {
  key: string;
  recipient: NotificationRecipient;
  recipientId?: string;
  kind: string;
  saleId?: string;
  callbackId?: string;
  caseNo?: string;
  /** The workflow's wording, kept in the record; what people receive is rendered from the ids and facts. */
  message: string;
  at: string;
  stage?: CaseStage;
  dueAt?: string;
  priority?: FeedbackPriority;
  reportId?: string;
  /** Roles told as well as the recipient. */
  alsoTo?: NotificationRecipient[];
}

/** Starts the delivery of a recorded notification; starting it again for the same key starts nothing. */
export interface DeliveryStarter {
  start(key: string): Promise<void>;
}

/** Urgent notifications go out day or night (DOMAIN §8): an external complaint, a missed deadline on a high-priority case. */
export function isUrgent(kind: string, facts: NotificationFacts): boolean {
  return kind === 'external_complaint' || (kind === 'case_deadline_missed' && facts.priority === 'high');
}

/**
 * Starts the DeliverNotification workflow of a key: the first run never twice, also after it has finished (the key
 * names one event); a redelivery (`again`) once the previous run has ended. False when a run of the id is refused.
 */
export async function startDelivery(client: Client, taskQueue: string, policy: DeliveryPolicy, key: string, again = false): Promise<boolean> {
  try {
    await client.workflow.start<typeof DeliverNotification>('DeliverNotification', {
      workflowId: deliveryWorkflowId(key),
      taskQueue,
      args: [again ? { key, policy, again } : { key, policy }],
      workflowIdReusePolicy: again ? 'ALLOW_DUPLICATE' : 'REJECT_DUPLICATE',
      workflowIdConflictPolicy: 'FAIL',
    });
    return true;
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    return false;
  }
}

/** The DeliverNotification workflow, id `notification-<key>`, on the worker's task queue; a duplicate start is refused. */
export function temporalDeliveryStarter(client: Client, taskQueue: string, policy: DeliveryPolicy): DeliveryStarter {
  return {
    async start(key) {
      await startDelivery(client, taskQueue, policy, key);
    },
  };
}

export const notificationFacts = (input: Pick<NotifyInput, 'stage' | 'dueAt' | 'priority' | 'reportId' | 'alsoTo'>): NotificationFacts => {
  const facts: NotificationFacts = {};
  if (input.stage !== undefined) facts.stage = input.stage;
  if (input.dueAt !== undefined) facts.dueAt = input.dueAt;
  if (input.priority !== undefined) facts.priority = input.priority;
  if (input.reportId !== undefined) facts.reportId = input.reportId;
  if (input.alsoTo !== undefined) facts.alsoTo = input.alsoTo;
  return facts;
};

/**
 * Records the notification once per key and then starts its delivery. The two steps are not one transaction, so the
 * start is made on every call, not only the one that inserted: a retry after a crash between them (row committed,
 * workflow not started) starts it then, and a retry after the start finds it started. The row is what the delivery
 * reads, so it is always committed first. True when this call inserted the row.
 */
export async function recordNotification(orm: MikroORM, deliveries: DeliveryStarter, notification: Notification): Promise<boolean> {
  const inserted = await insertIgnoringConflict(orm.em.fork(), Notification, notification, 'key');
  await deliveries.start(notification.key);
  return inserted;
}
