// Plain shapes of a notification's delivery (DeliverNotification), shared by the workflow, its activities and the API.

/** How the e-mail and chat sends of a delivery are retried; from the worker's settings (DELIVERY_*). */
export interface DeliveryPolicy {
  retryInitialMs: number;
  retryMaxMs: number;
  /** The attempt at which the administrators are told that a channel keeps failing. */
  failingAfterAttempts: number;
  /** A send not through after this long is given up (marked failed). */
  giveUpAfterMs: number;
}

export interface DeliverNotificationInput {
  /** The notification's key (notification.key). */
  key: string;
  policy: DeliveryPolicy;
  /**
   * An administrator's redelivery (a later run under the same id): the sends that failed and the addressees nobody
   * was found for are tried again, in the plan's own transaction. Absent in the first run.
   */
  again?: true;
}

/** A send still to be made: an e-mail or a chat post to one person. */
export interface PlannedSend {
  deliveryId: string;
  channel: 'email' | 'chat';
}

export interface DeliveryPlan {
  /** Day or night; otherwise the sends wait for working hours. */
  urgent: boolean;
  /** People whose inbox has the notification. */
  inbox: number;
  sends: PlannedSend[];
}

export type SendOutcome = 'sent' | 'failed';

export interface DeliveryOutcome {
  key: string;
  /** People whose inbox has the notification. */
  inbox: number;
  sent: number;
  failed: number;
  /** When the sends were held for working hours, until when. */
  waitedUntil: string | null;
}

/** The workflow of one notification's delivery, started once per key. */
export const deliveryWorkflowId = (key: string): string => `notification-${key}`;
