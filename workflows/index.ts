// Every workflow the worker runs; the workflow bundle is built from this file.
export { SaleFollowUp } from './sale-follow-up.js';
