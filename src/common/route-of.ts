import type { Request } from 'express';

/** The route a request matched, as declared (`/sales/:saleId`), or its path when it matched none. */
export const routeOf = (req: Request): string => (req.route as { path?: string } | undefined)?.path ?? req.path;
