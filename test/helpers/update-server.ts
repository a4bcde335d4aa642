// A loopback HTTP server for self-hosted extension packages (CRX, update XML), with the content types Chrome expects.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface UpdateServer {
  /** Base URL ending in "/". */
  url: string;
  /** Paths requested so far, to tell "never asked" from "asked and refused" when a test fails. */
  requests: string[];
  /** Serves `path` (e.g. "/regain-1.0.0.crx") from a file read at request time, so it can be written after start. */
  serve(path: string, file: string, type: string): void;
  close(): Promise<void>;
}

export async function startUpdateServer(): Promise<UpdateServer> {
  const routes = new Map<string, { file: string; type: string }>();
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push(req.url ?? '/');
    const route = routes.get(path);
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    readFile(route.file).then(
      (body) => res.writeHead(200, { 'Content-Type': route.type, 'Cache-Control': 'no-store' }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests,
    serve: (path, file, type) => routes.set(path, { file, type }),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
