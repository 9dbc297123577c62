import type { IncomingMessage } from 'node:http';

/** The route a request matched, as declared (`/sales/:saleId`), never the path itself: ids stay out of labels. */
export function routeTemplate(req: IncomingMessage): string {
  const { route, baseUrl } = req as IncomingMessage & { route?: { path?: unknown }; baseUrl?: string };
  return typeof route?.path === 'string' ? `${baseUrl ?? ''}${route.path}` : 'unmatched';
}
