import { ActivityFailure, proxyActivities, sleep } from '@temporalio/workflow';
import type { FollowUpSettingsActivities } from '../activities/follow-up-settings-activities.js';
import type { NotificationActivities } from '../activities/notification-activities.js';
import { nextCallWindowStart } from './domain/call-windows.js';
import type { DeliverNotificationInput, DeliveryOutcome, PlannedSend, SendOutcome } from './notification-types.js';

const records = proxyActivities<FollowUpSettingsActivities & Pick<NotificationActivities, 'planDelivery' | 'markWaiting' | 'giveUpSend'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

const nowIso = (): string => new Date(Date.now()).toISOString();

/**
 * Delivers one recorded notification (id `notification-<key>`, started once by the activity that recorded it): the
 * inbox entry of each person at once; e-mail and chat at once when urgent, otherwise at the next call window of a
 * working day. Each send is retried with backoff until it goes through or the give-up time passes, so an outage of
 * a channel, or of the worker, delays it and loses nothing. An administrator may run it again for the key once it has
 * ended (`again`): what failed is tried once more, and nothing already sent is sent twice.
 */
export async function DeliverNotification({ key, policy, again }: DeliverNotificationInput): Promise<DeliveryOutcome> {
  const plan = await records.planDelivery(again ? { key, again } : { key });
  let waitedUntil: string | null = null;
  if (plan.sends.length > 0 && !plan.urgent) {
    // Checked again after the wait: a day made a holiday meanwhile moves the sends on once more.
    for (;;) {
      const { calendar, timeZone, callWindows } = await records.followUpSettings();
      const at = nextCallWindowStart(calendar, nowIso(), timeZone, callWindows);
      const wait = Date.parse(at) - Date.now();
      if (wait <= 0) break;
      waitedUntil = at;
      await records.markWaiting({ deliveryIds: plan.sends.map((send) => send.deliveryId), until: at });
      await sleep(wait);
    }
  }

  const channels = proxyActivities<Pick<NotificationActivities, 'sendEmail' | 'postChat'>>({
    startToCloseTimeout: '1 minute',
    scheduleToCloseTimeout: policy.giveUpAfterMs,
    retry: { initialInterval: policy.retryInitialMs, maximumInterval: policy.retryMaxMs, backoffCoefficient: 2 },
  });
  const send = async ({ deliveryId, channel }: PlannedSend): Promise<SendOutcome> => {
    const input = { deliveryId, failingAfterAttempts: policy.failingAfterAttempts };
    try {
      return channel === 'email' ? await channels.sendEmail(input) : await channels.postChat(input);
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      await records.giveUpSend({ deliveryId });
      return 'failed';
    }
  };
  const outcomes = await Promise.all(plan.sends.map(send));
  return {
    key,
    inbox: plan.inbox,
    sent: outcomes.filter((outcome) => outcome === 'sent').length,
    failed: outcomes.filter((outcome) => outcome === 'failed').length,
    waitedUntil,
  };
}
