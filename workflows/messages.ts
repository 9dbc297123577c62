import { defineQuery } from '@temporalio/workflow';
import type { SaleFollowUpState } from './sale-types.js';

export const saleStateQuery = defineQuery<SaleFollowUpState>('saleState');
