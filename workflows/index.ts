// Every workflow the worker runs; the workflow bundle is built from this file.
export { DeliverNotification } from './deliver-notification.js';
export { FeedbackCase } from './feedback-case.js';
export { ReportPeriod, ReportRestatements, ScheduledReport } from './report-period.js';
export { SaleFollowUp } from './sale-follow-up.js';
