import { createServer, type Server } from 'node:http';

export interface ReceivedPost {
  path: string;
  query: URLSearchParams;
  contentType: string | undefined;
  body: any;
  receivedAt: number;
}

/**
 * A local stand-in for the chat platforms' robot endpoints: records every post and answers as the platform would,
 * `{errcode: 0, errmsg: 'ok'}` (WeCom, DingTalk) or `{code: 0, msg: 'success'}` (Feishu, paths starting /open-apis/).
 * `refuse(path)` makes it answer that path with an error until `accept(path)`.
 */
export interface WebhookReceiver {
  readonly base: string;
  posts(path?: string): ReceivedPost[];
  refuse(path: string, status?: number): void;
  accept(path: string): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedPost[] = [];
  const refused = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://receiver');
      const feishu = url.pathname.startsWith('/open-apis/');
      const status = refused.get(url.pathname);
      if (status !== undefined) {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ errcode: 45009, errmsg: 'api freq out of limit' }));
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      received.push({ path: url.pathname, query: url.searchParams, contentType: req.headers['content-type'], body, receivedAt: Date.now() });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(feishu ? { code: 0, msg: 'success', data: {} } : { errcode: 0, errmsg: 'ok' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    base: `http://127.0.0.1:${port}`,
    posts: (path) => received.filter((post) => path === undefined || post.path === path),
    refuse: (path, status = 503) => void refused.set(path, status),
    accept: (path) => void refused.delete(path),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
