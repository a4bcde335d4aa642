// A reference implementation of the HTTP directory endpoints (README "HTTP directory connector") for tests.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  signatureHeader,
  signedHeaders,
  timestampHeader,
  verifySignature,
} from '../../../../server/directory/http/signing.ts';

export interface RefUser {
  id: string;
  username: string;
  password: string;
  displayName?: string;
  givenName?: string;
  familyName?: string;
  email?: string;
  groups?: string[];
  privileged?: boolean;
  disabled?: boolean;
  locked?: boolean;
  contacts?: { mobilePhone?: string; officePhone?: string; alternateEmail?: string };
}

export interface RefRequest {
  method: string;
  path: string;
  body: string;
  signed: boolean;
}

/** Switches a test flips to make the organization's side misbehave. */
export interface RefFaults {
  /** Answer every request with this status (and an empty signed body). */
  status?: number;
  /** Never answer. */
  hang?: boolean;
  /** Sign answers with this secret instead of the shared one. */
  signWith?: string;
  /** Send answers unsigned. */
  unsigned?: boolean;
  /** Apply status, hang, signWith and unsigned only to this path (e.g. '/regain/set-password'). */
  only?: string;
  /** Refuse passwords containing this text with 422. */
  rejectContaining?: string;
}

export interface ReferenceDirectory {
  url: string;
  users: Map<string, RefUser>;
  requests: RefRequest[];
  faults: RefFaults;
  close(): Promise<void>;
}

/** Starts the reference server on loopback under `/regain`; requests must be signed with `secret`. */
export async function startReferenceDirectory(secret: string, users: RefUser[]): Promise<ReferenceDirectory> {
  const byId = new Map(users.map((u) => [u.id, { ...u }]));
  const requests: RefRequest[] = [];
  const faults: RefFaults = {};

  const answer = (res: ServerResponse, method: string, path: string, status: number, payload?: unknown) => {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const faulty = !faults.only || faults.only === path;
    const headers: Record<string, string> =
      faults.unsigned && faulty
        ? {}
        : signedHeaders((faulty && faults.signWith) || secret, Date.now(), method, path, body);
    if (body) headers['content-type'] = 'application/json';
    res.writeHead(status, headers).end(body);
  };
  const describe = (u: RefUser) => {
    const { password: _, ...rest } = u;
    return rest;
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const method = req.method ?? '';
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const signed = verifySignature(
      secret,
      Date.now(),
      {
        timestamp: req.headers[timestampHeader.toLowerCase()] as string | undefined,
        signature: req.headers[signatureHeader.toLowerCase()] as string | undefined,
      },
      method,
      path,
      body,
    );
    requests.push({ method, path, body, signed });
    const faulty = !faults.only || faults.only === path;
    if (faults.hang && faulty) return;
    if (!signed) return answer(res, method, path, 401, { reason: 'bad signature' });
    if (faults.status && faulty) return answer(res, method, path, faults.status);
    const input = (body ? JSON.parse(body) : {}) as Record<string, unknown>;
    const user =
      typeof input.id === 'string'
        ? byId.get(input.id)
        : [...byId.values()].find((u) => u.username.toLowerCase() === input.username);
    switch (`${method} ${path}`) {
      case 'GET /regain/ping':
        return answer(res, method, path, 204);
      case 'POST /regain/lookup':
        return user
          ? answer(res, method, path, 200, { user: describe(user) })
          : answer(res, method, path, 404);
      case 'POST /regain/verify':
        if (!user) return answer(res, method, path, 404);
        return answer(res, method, path, 200, { valid: !user.locked && user.password === input.password });
      case 'POST /regain/set-password': {
        if (!user) return answer(res, method, path, 404);
        const pw = String(input.password);
        if (faults.rejectContaining && pw.includes(faults.rejectContaining))
          return answer(res, method, path, 422, { reason: 'The password was used before.' });
        user.password = pw;
        if (input.unlock === true) user.locked = false;
        return answer(res, method, path, 204);
      }
      case 'POST /regain/unlock':
        if (!user) return answer(res, method, path, 404);
        user.locked = false;
        return answer(res, method, path, 204);
      default:
        return answer(res, method, path, 404);
    }
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/regain`,
    users: byId,
    requests,
    faults,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
