// Draws a flow's view in its language: a root element with `lang` and `dir`, rendered once the catalog is ready.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Translate } from './en.ts';
import { type PreparedStrings, type PrepareOptions, prepareStrings } from './prepare.ts';

export interface LocalizedProps extends PrepareOptions {
  /** The element the flow is mounted on; its and the page's `lang` choose the language. */
  host: Element;
  /** The flow's view, given the translator. */
  view: (t: Translate) => ComponentChildren;
  /**
   * Called once the view is drawn and its own effects have run (Preact runs a child's effects before its
   * parent's): start the flow's machine here, so no state change happens before the view subscribes to it.
   */
  onReady?: () => void;
}

/**
 * Renders nothing until the language's catalog is loaded (at once for English; English if the load fails),
 * so the flow never flashes English before its own language.
 * @example <Localized host={host} locale={o.locale} strings={o.strings} orgStrings={() => m.state.config?.strings}
 *   view={(t) => <ResetApp m={m} t={t} />} onReady={() => void m.init(o.username ?? '')} />
 */
export function Localized({ host, view, onReady, ...o }: LocalizedProps) {
  const [ready, setReady] = useState<PreparedStrings | null>(null);
  // Options are read once, at mount: a flow's language doesn't change under the user.
  useEffect(() => {
    let live = true;
    void prepareStrings(host, o).then((p) => live && setReady(p));
    return () => {
      live = false;
    };
  }, [host]);
  useEffect(() => {
    if (ready) onReady?.();
  }, [ready]);
  return ready ? (
    <div lang={ready.lang} dir={ready.dir}>
      {view(ready.t)}
    </div>
  ) : null;
}
