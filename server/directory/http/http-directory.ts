// The HTTP directory connector: an organization's own user store behind a few signed endpoints (see README).
import { z } from 'zod';
import { type Clock, systemClock } from '../../clock.ts';
import { toE164 } from '../../policy/phone.ts';
import { canonicalUsername } from '../canonical.ts';
import {
  type Directory,
  type DirectoryContacts,
  DirectoryRejectedError,
  DirectoryUnavailableError,
  type DirectoryUser,
} from '../directory.ts';
import { type HttpDirectoryConfig, httpDirectorySecret } from './http-config.ts';
import { signatureHeader, signedHeaders, timestampHeader, verifySignature } from './signing.ts';

export interface HttpDirectoryOptions {
  /** Replaces global fetch (tests). */
  fetch?: typeof fetch;
  /**
   * Signature timestamps are wall-clock time shared with the organization's server, never a test's fake clock, so
   * this defaults to the system clock whatever the service's clock is.
   */
  clock?: Clock;
}

// Longer typed names are not usernames; refusing them keeps requests small (as the LDAP directory does).
const maxUsernameLength = 256;
// Answers are a user record or a verdict; anything larger is not one of ours.
const maxResponseBytes = 64 * 1024;
const maxReasonLength = 500;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const emailShape = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const text = z.string().trim().min(1).max(1024);
const userSchema = z.object({
  // Flows and shadow rows key on a uuid column, so the organization's immutable id must be one.
  id: z.string().regex(uuid, 'must be a UUID'),
  username: text,
  displayName: text.optional(),
  givenName: text.optional(),
  familyName: text.optional(),
  email: text.optional(),
  groups: z.array(text).max(1000).default([]),
  privileged: z.boolean().default(false),
  disabled: z.boolean().default(false),
  locked: z.boolean().default(false),
  contacts: z
    .object({
      mobilePhone: text.optional(),
      officePhone: text.optional(),
      alternateEmail: text.optional(),
    })
    .default({}),
});
const lookupAnswer = z.object({ user: userSchema });
const verifyAnswer = z.object({ valid: z.boolean() });
const rejectAnswer = z.object({ reason: z.string().min(1) });

interface Answer {
  status: number;
  body: unknown;
}

/**
 * Users and passwords in the organization's own application. Every request carries an HMAC-SHA256 signature and
 * every answer must carry one too (an answer nobody signed could grant a password check); anything else — network
 * errors, timeouts, 5xx, bad signatures, malformed answers — is DirectoryUnavailableError, so nothing is assumed.
 */
export class HttpDirectory implements Directory {
  readonly kind = 'http';
  readonly keepsHistory = false;
  private readonly base: URL;
  private readonly secret: string;
  private readonly doFetch: typeof fetch;
  private readonly clock: Clock;

  /** Reads secretFile now, so a wrong path fails at start rather than at the first reset. */
  constructor(
    private readonly config: HttpDirectoryConfig,
    opts: HttpDirectoryOptions = {},
  ) {
    this.base = new URL(config.url.endsWith('/') ? config.url : `${config.url}/`);
    this.secret = httpDirectorySecret(config);
    this.doFetch = opts.fetch ?? fetch;
    this.clock = opts.clock ?? systemClock;
  }

  async findUser(canonical: string): Promise<DirectoryUser | null> {
    return (await this.findUserWithContacts(canonical))?.user ?? null;
  }

  async getUser(id: string): Promise<DirectoryUser | null> {
    return (await this.getUserWithContacts(id))?.user ?? null;
  }

  /** POST lookup {username}; the organization's user and its contact data, or null for 404. */
  async findUserWithContacts(
    canonical: string,
  ): Promise<{ user: DirectoryUser; contacts: DirectoryContacts } | null> {
    if (!canonical || canonical.length > maxUsernameLength) return null;
    return this.lookup({ username: canonical });
  }

  /** POST lookup {id}; the same answer for a user already known by id. */
  async getUserWithContacts(
    id: string,
  ): Promise<{ user: DirectoryUser; contacts: DirectoryContacts } | null> {
    if (!uuid.test(id)) return null;
    return this.lookup({ id: id.toLowerCase() });
  }

  async contactsOf(id: string): Promise<DirectoryContacts> {
    return (await this.getUserWithContacts(id))?.contacts ?? {};
  }

  async verifyPassword(id: string, password: string): Promise<boolean> {
    if (!password || !uuid.test(id)) return false;
    const a = await this.call('POST', 'verify', { id: id.toLowerCase(), password });
    if (a.status === 404) return false;
    if (a.status !== 200) throw unexpected('verify', a.status);
    const r = verifyAnswer.safeParse(a.body);
    if (!r.success) throw new DirectoryUnavailableError('http directory: verify answered a malformed body');
    return r.data.valid;
  }

  async setPassword(id: string, password: string, opts: { unlock: boolean }): Promise<void> {
    if (!password) throw new DirectoryRejectedError('The password is empty.');
    if (!uuid.test(id)) throw new DirectoryRejectedError('The account was not found in the directory.');
    const a = await this.call('POST', 'set-password', {
      id: id.toLowerCase(),
      password,
      unlock: opts.unlock,
    });
    if (a.status === 204 || a.status === 200) return;
    if (a.status === 404) throw new DirectoryRejectedError('The account was not found in the directory.');
    if (a.status === 422) {
      const r = rejectAnswer.safeParse(a.body);
      throw new DirectoryRejectedError(
        r.success ? r.data.reason.slice(0, maxReasonLength) : 'The directory refused the password.',
      );
    }
    throw unexpected('set-password', a.status);
  }

  async unlock(id: string): Promise<void> {
    if (!uuid.test(id)) return;
    const a = await this.call('POST', 'unlock', { id: id.toLowerCase() });
    if (a.status === 204 || a.status === 200 || a.status === 404) return;
    throw unexpected('unlock', a.status);
  }

  /** Always false: the organization checks its own history when the password is written (and may answer 422). */
  async inHistory(_id: string, _password: string): Promise<boolean> {
    return false;
  }

  async ping(): Promise<void> {
    const a = await this.call('GET', 'ping');
    if (a.status < 200 || a.status > 299) throw unexpected('ping', a.status);
  }

  private async lookup(
    query: { username: string } | { id: string },
  ): Promise<{ user: DirectoryUser; contacts: DirectoryContacts } | null> {
    const a = await this.call('POST', 'lookup', query);
    if (a.status === 404) return null;
    if (a.status !== 200) throw unexpected('lookup', a.status);
    const r = lookupAnswer.safeParse(a.body);
    if (!r.success)
      throw new DirectoryUnavailableError(
        `http directory: lookup answered a malformed user (${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message})`,
      );
    return describe(r.data.user);
  }

  /** One signed request and its verified answer; 5xx, unsigned or unreadable answers never get past here. */
  private async call(method: 'GET' | 'POST', endpoint: string, payload?: unknown): Promise<Answer> {
    const url = new URL(endpoint, this.base);
    const path = url.pathname;
    const body = payload === undefined ? '' : JSON.stringify(payload);
    let res: Response;
    let answer: string;
    try {
      res = await this.doFetch(url, {
        method,
        headers: {
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          accept: 'application/json',
          ...signedHeaders(this.secret, this.clock.now(), method, path, body),
        },
        ...(payload === undefined ? {} : { body }),
        // A redirect would send the signed request (and a password) somewhere unconfigured.
        redirect: 'error',
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
      answer = await readCapped(res);
    } catch (err) {
      throw new DirectoryUnavailableError(`http directory: ${endpoint}: ${(err as Error).message}`);
    }
    if (res.status >= 500) throw unexpected(endpoint, res.status);
    const signed = verifySignature(
      this.secret,
      this.clock.now(),
      { timestamp: res.headers.get(timestampHeader), signature: res.headers.get(signatureHeader) },
      method,
      path,
      answer,
    );
    if (!signed)
      throw new DirectoryUnavailableError(
        `http directory: ${endpoint}: the answer's signature is missing or wrong`,
      );
    let parsed: unknown = null;
    if (answer) {
      try {
        parsed = JSON.parse(answer);
      } catch {
        throw new DirectoryUnavailableError(`http directory: ${endpoint}: the answer is not JSON`);
      }
    }
    return { status: res.status, body: parsed };
  }
}

function unexpected(endpoint: string, status: number): DirectoryUnavailableError {
  return new DirectoryUnavailableError(`http directory: ${endpoint} answered ${status}`);
}

async function readCapped(res: Response): Promise<string> {
  if (Number(res.headers.get('content-length') ?? 0) > maxResponseBytes) throw new Error('answer too large');
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxResponseBytes) {
      await reader.cancel();
      throw new Error('answer too large');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The organization's record as Regain's user and contact data; unusable contact values are left out. */
function describe(u: z.output<typeof userSchema>): { user: DirectoryUser; contacts: DirectoryContacts } {
  const username = canonicalUsername(u.username);
  const email = u.email && emailShape.test(u.email) ? u.email : undefined;
  const contacts: DirectoryContacts = {};
  // Numbers must come in E.164: with no region to assume, a national form would be a guess.
  const mobile = u.contacts.mobilePhone ? toE164(u.contacts.mobilePhone) : undefined;
  const office = u.contacts.officePhone ? toE164(u.contacts.officePhone) : undefined;
  if (mobile) contacts.mobilePhone = mobile;
  if (office) contacts.officePhone = office;
  const alt = u.contacts.alternateEmail;
  if (alt && emailShape.test(alt) && alt.toLowerCase() !== email?.toLowerCase())
    contacts.alternateEmail = alt;
  return {
    user: {
      id: u.id.toLowerCase(),
      username,
      displayName: u.displayName ?? username,
      givenName: u.givenName,
      familyName: u.familyName,
      email,
      groups: u.groups,
      privileged: u.privileged,
      disabled: u.disabled,
      locked: u.locked,
    },
    contacts,
  };
}
