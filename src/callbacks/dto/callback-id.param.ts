import { EXTERNAL_ID } from '../../common/ids.js';

/**
 * The callback id in a path. The description is Markdown in Swagger UI, where a bare `<saleId>` is taken for an HTML
 * tag and vanishes: the placeholder stays inside code spans.
 */
export const CALLBACK_ID_PARAM = {
  name: 'callbackId',
  example: 'S-2026-0001-C1',
  description: 'the sale id and the callback number: `<saleId>-C1` (30 days), `<saleId>-C2` (3 months) or `<saleId>-C3` (warranty expiry)',
  schema: { type: 'string', pattern: `${EXTERNAL_ID.source.slice(0, -1)}-C[1-3]$` },
} as const;
