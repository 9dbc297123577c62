import type { DeliveryStarter } from '../../src/notifications/record-notification.js';
import type { DeliveryPolicy } from '../../workflows/notification-types.js';

/** For tests of activities that record no notification: a delivery started anyway fails the test. */
export const noDeliveries: DeliveryStarter = {
  start: (key) => Promise.reject(new Error(`this test records no notification, but ${key} was recorded`)),
};

/** Sends retried quickly, so a test waits seconds, not minutes, for a channel to come back. */
export const testDeliveryPolicy: DeliveryPolicy = {
  retryInitialMs: 200,
  retryMaxMs: 1_000,
  failingAfterAttempts: 3,
  giveUpAfterMs: 3_600_000,
};
