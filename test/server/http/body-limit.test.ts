// Request bodies are bounded while they stream: chunked or declared, an oversized body is refused after its limit.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type TestService } from '../../helpers/service.ts';

const MB = 1024 * 1024;

/**
 * Sends a chunked POST of `total` bytes over a raw socket, as fast as the socket takes it, and returns the status
 * line, the problem code and how many bytes the service read from that connection before it closed.
 */
function chunkedUpload(
  t: TestService,
  path: string,
  total: number,
  serverReads: Map<number, number>,
): Promise<{ status: string; body: string; serverRead: number }> {
  const url = new URL(t.url);
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(url.port), url.hostname);
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const frame = Buffer.concat([
      Buffer.from(`${chunk.length.toString(16)}\r\n`),
      chunk,
      Buffer.from('\r\n'),
    ]);
    let sent = 0;
    let answer = '';
    let port: number | undefined;
    s.on('connect', () => {
      port = s.localPort;
      s.write(
        `POST ${path} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
      );
      const pump = () => {
        while (sent < total && !s.destroyed) {
          sent += chunk.length;
          if (!s.write(frame)) return void s.once('drain', pump);
        }
        if (!s.destroyed) s.end('0\r\n\r\n');
      };
      pump();
    });
    s.on('data', (d) => {
      answer += d.toString('latin1');
    });
    // The service closes the connection mid-upload: EPIPE or ECONNRESET on our side is the expected end.
    s.on('error', () => {});
    s.on('close', () => {
      // The server socket's close can trail ours by a tick.
      setTimeout(() => {
        const serverRead = port === undefined ? -1 : (serverReads.get(port) ?? -1);
        if (!answer) return reject(new Error('no answer before the connection closed'));
        const [head = '', body = ''] = answer.split('\r\n\r\n');
        resolve({ status: head.split('\r\n')[0] ?? '', body, serverRead });
      }, 50);
    });
  });
}

describe('request bodies', () => {
  let t: TestService;
  const serverReads = new Map<number, number>();

  beforeAll(async () => {
    t = await startService('pglite');
    t.server.on('connection', (sock: net.Socket) => {
      const port = sock.remotePort;
      sock.on('close', () => port !== undefined && serverReads.set(port, sock.bytesRead));
    });
  });
  afterAll(async () => t?.close());

  it('refuses a 100 MB chunked body to POST /v1/reset with 413 after reading at most 64 KB', async () => {
    const r = await chunkedUpload(t, '/v1/reset', 100 * MB, serverReads);
    expect(r.status).toBe('HTTP/1.1 413 Payload Too Large');
    expect(r.body).toContain('"code":"payload_too_large"');
    expect(r.serverRead).toBeGreaterThan(0);
    expect(r.serverRead).toBeLessThanOrEqual(64 * 1024);
  });

  it('holds less than 5 MB more across 20 such bodies in parallel', async () => {
    // A parallel warm-up, so the figure measures the uploads, not first-use allocations (sockets, parsers, JIT).
    await Promise.all(
      Array.from({ length: 20 }, () => chunkedUpload(t, '/v1/password/check', 2 * MB, serverReads)),
    );
    const before = process.memoryUsage().rss;
    let peak = before;
    const sample = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    const all = await Promise.all(
      Array.from({ length: 20 }, () => chunkedUpload(t, '/v1/reset', 100 * MB, serverReads)),
    );
    clearInterval(sample);
    for (const r of all) {
      expect(r.status).toBe('HTTP/1.1 413 Payload Too Large');
      expect(r.serverRead).toBeLessThanOrEqual(64 * 1024);
    }
    const reads = all.map((r) => r.serverRead);
    console.info(
      `20 × 100 MB chunked: read ${Math.min(...reads)}–${Math.max(...reads)} bytes each, RSS +${((peak - before) / MB).toFixed(1)} MB at peak`,
    );
    expect((peak - before) / MB).toBeLessThan(5);
  });

  it('refuses a declared oversized body before reading it, and takes a chunked body within the limit', async () => {
    const declared = await fetch(`${t.url}/v1/password/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(17 * 1024) },
      body: 'x'.repeat(17 * 1024),
    });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { code: string }).code).toBe('payload_too_large');

    // A ReadableStream body makes fetch send it chunked, with no Content-Length.
    const json = JSON.stringify({ password: 'Correct-Horse-Battery-9' });
    const chunked = await fetch(`${t.url}/v1/password/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Blob([json]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(200);
    expect(((await chunked.json()) as { accepted: boolean }).accepted).toBe(true);
  });

  it('takes a whole policy larger than 16 KB and refuses one over 256 KB', async () => {
    const policy = (
      await t.api.get<Record<string, Record<string, unknown>>>('/v1/admin/policy', { token: t.adminKey })
    ).body;
    const terms = Array.from({ length: 1000 }, (_, i) => `term${String(i).padStart(11, '0')}x`);
    const big = { ...policy, password: { ...policy.password, bannedTerms: terms } };
    expect(JSON.stringify(big).length).toBeGreaterThan(16 * 1024);
    const ok = await t.api.put<{ password: { bannedTerms: string[] } }>('/v1/admin/policy', big, {
      token: t.adminKey,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.password.bannedTerms).toHaveLength(1000);

    const huge = { ...policy, organization: { ...policy.organization, name: 'x'.repeat(300 * 1024) } };
    const refused = await t.api.put('/v1/admin/policy', huge, { token: t.adminKey });
    expect(refused.status).toBe(413);
    expect(refused.body.code).toBe('payload_too_large');
  });
});
