// Registers the content script on exactly the configured sign-in pages, one serialized sync at a time.
import { allSignInPages, type Config } from '../lib/config.ts';
import { parseMatchPattern } from '../lib/match-pattern.ts';
import { registrablePattern } from '../quirks/firefox.ts';

export const SCRIPT_ID = 'regain-sign-in';

/** The slice of `browser.scripting` this needs. */
export interface ScriptingLike {
  unregisterContentScripts(filter?: { ids?: string[] }): Promise<void>;
  registerContentScripts(
    scripts: {
      id: string;
      matches: string[];
      js: string[];
      allFrames: boolean;
      runAt: 'document_idle';
      persistAcrossSessions: boolean;
    }[],
  ): Promise<void>;
}

/** The match patterns to register: valid ones only, deduplicated, none without a service to talk to. */
export function patternsFor(c: Config, firefox: boolean): string[] {
  if (!c.serviceUrl) return [];
  const valid = allSignInPages(c)
    .map((p) => p.match)
    .filter((m) => m !== '<all_urls>' && parseMatchPattern(m) !== undefined);
  return [...new Set(valid.map((m) => registrablePattern(m, firefox)))];
}

/**
 * Returns `sync(config)`: unregister everything, then register the script for the configuration's pages in
 * all frames. Calls queue behind each other, so two quick policy changes can't interleave into a state
 * that matches neither. Not persisted across sessions: start-up registers again from the policy of the day.
 */
export function contentScriptSync(
  scripting: ScriptingLike,
  scriptFile: string,
  firefox: boolean,
): (c: Config) => Promise<void> {
  let chain = Promise.resolve();
  return (c) => {
    const run = async () => {
      await scripting.unregisterContentScripts();
      const matches = patternsFor(c, firefox);
      if (matches.length === 0) return;
      await scripting.registerContentScripts([
        {
          id: SCRIPT_ID,
          matches,
          js: [scriptFile],
          allFrames: true,
          runAt: 'document_idle',
          persistAcrossSessions: false,
        },
      ]);
    };
    const next = chain.then(run, run);
    chain = next.catch(() => undefined);
    return next;
  };
}
