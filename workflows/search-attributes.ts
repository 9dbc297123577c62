import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Custom search attributes operators filter by in the Temporal UI. Never personal data.
export const SaleIdKey = defineSearchAttributeKey('SaleId', SearchAttributeType.KEYWORD);
export const CustomerIdKey = defineSearchAttributeKey('CustomerId', SearchAttributeType.KEYWORD);
export const FollowUpStageKey = defineSearchAttributeKey('FollowUpStage', SearchAttributeType.KEYWORD);
/** When the next unfinished callback of a sale is due. */
export const NextDueAtKey = defineSearchAttributeKey('NextDueAt', SearchAttributeType.DATETIME);
/** The sale was reported after one of its callbacks was due. */
export const LateKey = defineSearchAttributeKey('Late', SearchAttributeType.BOOL);
export const CaseNoKey = defineSearchAttributeKey('CaseNo', SearchAttributeType.KEYWORD);
export const CaseStageKey = defineSearchAttributeKey('CaseStage', SearchAttributeType.KEYWORD);
export const CasePriorityKey = defineSearchAttributeKey('CasePriority', SearchAttributeType.KEYWORD);

/** Name and type of every custom search attribute, for registering them with the server. */
export const CUSTOM_SEARCH_ATTRIBUTES = [
  SaleIdKey,
  CustomerIdKey,
  FollowUpStageKey,
  NextDueAtKey,
  LateKey,
  CaseNoKey,
  CaseStageKey,
  CasePriorityKey,
].map((key) => ({
  name: key.name,
  type: key.type,
}));
