// Decodes and shape-checks an ALTCHA v2 solution payload (base64 of JSON) so verification only ever sees well-formed input.
import type { Payload } from 'altcha-lib';

/** The only key derivation Regain issues and accepts; other ALTCHA algorithms are refused before any work. */
export const captchaAlgorithm = 'PBKDF2/SHA-256';

// Our payloads are about 700 characters; the cap keeps hostile input from costing decode or parse time.
const maxPayloadLength = 2048;
const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const hex = /^(?:[0-9a-f]{2})+$/;
const maxUint32 = 0xffffffff;

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isHex(v: unknown, maxChars: number): v is string {
  return typeof v === 'string' && v.length <= maxChars && hex.test(v);
}

function isInt(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

/**
 * The ALTCHA payload as the client sends it, or null when it is anything else. Only fields Regain relies on
 * are checked; every other parameter is covered by the challenge signature, which altcha-lib verifies.
 */
export function parseCaptchaPayload(input: unknown): Payload | null {
  if (typeof input !== 'string' || input.length === 0 || input.length > maxPayloadLength) return null;
  if (!base64.test(input)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(input, 'base64').toString('utf8'));
  } catch {
    return null;
  }
  if (!isObject(value) || !isObject(value.challenge) || !isObject(value.solution)) return null;
  const { parameters, signature } = value.challenge;
  const { counter, derivedKey, time } = value.solution;
  if (!isObject(parameters) || !isHex(signature, 128)) return null;
  if (!isInt(counter, 0, maxUint32) || !isHex(derivedKey, 128)) return null;
  if (time !== undefined && (typeof time !== 'number' || !Number.isFinite(time))) return null;
  const p = parameters;
  if (p.algorithm !== captchaAlgorithm) return null;
  if (!isHex(p.nonce, 128) || !isHex(p.salt, 128) || !isHex(p.keyPrefix, 128)) return null;
  if (!isInt(p.cost, 1, 100_000_000) || !isInt(p.keyLength, 1, 64)) return null;
  // Regain issues only keyed (deterministic) challenges: verifying them is one HMAC, never a PBKDF2 run, so a
  // flood of forged payloads cannot make the server derive keys.
  if (!isHex(p.keySignature, 128)) return null;
  // Every Regain challenge expires; one without expiresAt was not issued by us.
  if (typeof p.expiresAt !== 'number' || !Number.isFinite(p.expiresAt) || p.expiresAt <= 0) return null;
  return value as unknown as Payload;
}
