// The extension's configuration: its shape, defaults, sanitizing of untrusted storage values, and precedence.
import { presetRules } from './presets.ts';

export type Surface = 'popup' | 'overlay';
export type PresetId = 'microsoft-entra' | 'google' | 'okta' | 'keycloak';
export const presetIds: readonly PresetId[] = ['microsoft-entra', 'google', 'okta', 'keycloak'];

/** One sign-in page: where it is (a match pattern) and where on it the link goes. */
export interface SignInPage {
  match: string;
  usernameSelector?: string;
  passwordSelector?: string;
  anchorSelector?: string;
  /** A match pattern the tab reaches after a successful sign-in. */
  successUrl?: string;
}

export interface Branding {
  name?: string;
  accent?: string;
}

export interface Config {
  serviceUrl: string;
  signInPages: SignInPage[];
  presets: PresetId[];
  registrationPrompt: boolean;
  surface: Surface;
  branding: Branding;
  locale: string;
}

export type ConfigKey = keyof Config;
export const configKeys: readonly ConfigKey[] = [
  'serviceUrl',
  'signInPages',
  'presets',
  'registrationPrompt',
  'surface',
  'branding',
  'locale',
];

export const defaults: Config = {
  serviceUrl: '',
  signInPages: [],
  presets: [],
  registrationPrompt: true,
  surface: 'popup',
  branding: {},
  locale: '',
};

/** The effective configuration and which keys the policy fixed (the options page shows them read-only). */
export interface Effective {
  config: Config;
  managedKeys: ConfigKey[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max = 2048): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;

/** An http(s) origin without path; anything else is dropped rather than half-trusted. */
export function cleanServiceUrl(v: unknown): string | undefined {
  if (!str(v)) return undefined;
  try {
    const u = new URL(v);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    return u.origin;
  } catch {
    return undefined;
  }
}

function cleanPage(v: unknown): SignInPage | undefined {
  if (!isObject(v) || !str(v.match)) return undefined;
  const page: SignInPage = { match: v.match };
  for (const k of ['usernameSelector', 'passwordSelector', 'anchorSelector', 'successUrl'] as const) {
    const x = v[k];
    if (str(x, 512)) page[k] = x;
  }
  return page;
}

/**
 * Keeps only well-typed values of a storage area (policy or options page): a wrong type for one key drops
 * that key, so a typo in a policy file falls back to the next source instead of breaking the extension.
 */
export function sanitize(raw: unknown): Partial<Config> {
  if (!isObject(raw)) return {};
  const out: Partial<Config> = {};
  const url = cleanServiceUrl(raw.serviceUrl);
  if (url) out.serviceUrl = url;
  if (Array.isArray(raw.signInPages))
    out.signInPages = raw.signInPages.map(cleanPage).filter((p): p is SignInPage => p !== undefined);
  if (Array.isArray(raw.presets))
    out.presets = raw.presets.filter((p): p is PresetId => presetIds.includes(p as PresetId));
  if (typeof raw.registrationPrompt === 'boolean') out.registrationPrompt = raw.registrationPrompt;
  if (raw.surface === 'popup' || raw.surface === 'overlay') out.surface = raw.surface;
  if (isObject(raw.branding)) {
    const b: Branding = {};
    if (str(raw.branding.name, 80)) b.name = raw.branding.name;
    if (typeof raw.branding.accent === 'string' && /^#[0-9a-fA-F]{3,8}$/.test(raw.branding.accent))
      b.accent = raw.branding.accent;
    out.branding = b;
  }
  if (typeof raw.locale === 'string' && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(raw.locale))
    out.locale = raw.locale;
  return out;
}

/**
 * Precedence per key: managed policy, then the options page, then defaults. Keys are whole values: a policy
 * that sets `signInPages` replaces the user's list rather than merging with it, so users can't widen reach.
 */
export function effectiveConfig(managed: unknown, local: unknown): Effective {
  const m = sanitize(managed);
  const l = sanitize(local);
  const config = { ...defaults, ...l, ...m };
  return { config, managedKeys: configKeys.filter((k) => k in m) };
}

/** Every sign-in page the configuration covers: explicit pages first, then presets' built-in rules. */
export function allSignInPages(c: Config): SignInPage[] {
  return [...c.signInPages, ...c.presets.flatMap(presetRules)];
}
