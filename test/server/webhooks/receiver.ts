// A loopback HTTP server for delivery and webhook tests: records every request, answers as the test scripts it.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The raw body, as signatures are computed over it. */
  body: string;
}

export interface Answer {
  status: number;
  body?: string;
  /** Waits this long before answering (timeouts). */
  delayMs?: number;
}

export interface TestReceiver {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: ReceivedRequest[];
  /** Answers for the next requests, in order; once used up, every request gets `fallback`. */
  script: Answer[];
  fallback: Answer;
  close(): Promise<void>;
}

export async function startReceiver(fallback: Answer = { status: 200, body: '{}' }): Promise<TestReceiver> {
  const requests: ReceivedRequest[] = [];
  const r: Omit<TestReceiver, 'url' | 'close'> = { requests, script: [], fallback };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const answer = r.script.shift() ?? r.fallback;
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(answer.body ?? '');
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(r, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
