// Acts on accepted messages: page rules for content scripts, flow launches, success watches and the prompt cache.
import { allSignInPages, type Effective, type SignInPage } from '../lib/config.ts';
import { parseMatchPattern } from '../lib/match-pattern.ts';
import type { Accepted, FlowKind } from '../lib/messages.ts';
import type { PromptCache } from '../lib/prompt-cache.ts';
import { entryFromStatus } from '../lib/prompt-rules.ts';
import type { SuccessWatch } from '../lib/success-watch.ts';
import { usernameKey } from '../lib/username.ts';
import type { Launches } from './launches.ts';

/** What the content script learns about its page: where to put the link, in which language, how flows open. */
export interface PageRule {
  usernameSelector?: string;
  passwordSelector?: string;
  anchorSelector?: string;
  locale: string;
}

/** What a flow page learns when it claims its launch. */
export interface LaunchInfo {
  flow: FlowKind;
  username: string;
  nonce: string;
  serviceUrl: string;
  locale: string;
  branding: { name?: string; accent?: string };
}

export interface RouterDeps {
  config(): Effective;
  launches: Launches;
  watch: SuccessWatch;
  saveWatch(): Promise<void>;
  cache(): Promise<PromptCache>;
  now(): number;
}

/** The first configured page whose full pattern (ports included) matches; also Firefox's re-check. */
export function ruleFor(e: Effective, url: string): SignInPage | undefined {
  if (!e.config.serviceUrl) return undefined;
  return allSignInPages(e.config).find((p) => parseMatchPattern(p.match)?.test(url) === true);
}

/** Handles one accepted message; the returned value is the answer (undefined: none). */
export async function route(a: Accepted, d: RouterDeps): Promise<unknown> {
  const e = d.config();
  if (a.from === 'content') {
    const rule = ruleFor(e, a.url);
    // The URL may have stopped matching since registration (policy changed, Firefox ignored a port).
    if (!rule) return null;
    switch (a.msg.type) {
      case 'content:hello':
        return {
          ...(rule.usernameSelector ? { usernameSelector: rule.usernameSelector } : {}),
          ...(rule.passwordSelector ? { passwordSelector: rule.passwordSelector } : {}),
          ...(rule.anchorSelector ? { anchorSelector: rule.anchorSelector } : {}),
          locale: e.config.locale,
        } satisfies PageRule;
      case 'content:submit':
        if (!e.config.registrationPrompt || !usernameKey(a.msg.username)) return undefined;
        d.watch.submitted(a.tabId, {
          username: a.msg.username.trim(),
          pageUrl: a.url,
          ...(rule.successUrl ? { successUrl: rule.successUrl } : {}),
        });
        await d.saveWatch();
        return undefined;
      case 'content:help':
        if (e.config.surface === 'overlay')
          await d.launches.openOverlay('reset', a.msg.username.trim(), a.tabId, a.frameId);
        else await d.launches.openWindow('reset', a.msg.username.trim());
        return undefined;
    }
  }
  switch (a.msg.type) {
    case 'page:claim': {
      const l = await d.launches.claim(a.tabId);
      if (!l) return null;
      return {
        flow: l.flow,
        username: l.username,
        nonce: l.nonce,
        serviceUrl: e.config.serviceUrl,
        locale: e.config.locale,
        branding: e.config.branding,
      } satisfies LaunchInfo;
    }
    case 'page:open':
      if (e.config.serviceUrl) await d.launches.openWindow(a.msg.flow, a.msg.username.trim());
      return undefined;
    case 'page:status': {
      const l = d.launches.byNonce(a.msg.nonce, a.tabId);
      const key = usernameKey(a.msg.username);
      if (!l || !key) return undefined;
      // The server's answer is the truth; it replaces whatever the cache believed.
      await (await d.cache()).put(entryFromStatus(key, a.msg.status, d.now()));
      return undefined;
    }
    case 'page:close':
      await d.launches.close(a.msg.nonce, a.tabId);
      return undefined;
    case 'page:state':
      return { ...e, latest: (await (await d.cache()).latest()) ?? null };
  }
}
