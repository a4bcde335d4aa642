// Page DOM helpers the widget's embed script and the extension's content script share: reading the typed user name
// and keeping a link after its anchor while a sign-in page re-renders its form.

/** The API's bound on a user name; a page's field can hold anything. */
const maxUsername = 256;

/** The value of the input `selector` finds, capped like the API's field; undefined for no field or a bad selector. */
export function typedUsername(selector: string, root: ParentNode = document): string | undefined {
  try {
    const el = root.querySelector(selector);
    return el instanceof HTMLInputElement ? el.value.slice(0, maxUsername) : undefined;
  } catch {
    // A malformed selector (from a page attribute or a policy) reads as no field.
    return undefined;
  }
}

interface Kept {
  el: Element;
  anchor: () => Element | null;
  removeWhenGone: boolean;
}

const kept = new Set<Kept>();
let observer: MutationObserver | undefined;
let scheduled = false;

const place = ({ el, anchor, removeWhenGone }: Kept): void => {
  const a = anchor();
  if (!a) {
    if (removeWhenGone) el.remove();
    return;
  }
  // Inside a <label>, the link would sit between the text and its field; put it after the label.
  const after = a.closest('label') ?? a;
  if (after.nextSibling !== el) after.after(el);
};

const placeAll = (): void => {
  scheduled = false;
  for (const k of kept) place(k);
};

/**
 * Keeps `el` right after the element `anchor()` finds, now and whenever the page changes (single-page sign-ins swap
 * the user-name step for the password step). One MutationObserver serves every kept element of the page, and a
 * burst of mutations is placed once, in a microtask; placing is a no-op once in place, so our own moves end quietly.
 * With `removeWhenGone`, `el` leaves the page while no anchor is there. Aborting `signal` stops and removes it.
 */
export function keepAfter(
  el: Element,
  anchor: () => Element | null,
  o: { removeWhenGone?: boolean; signal?: AbortSignal } = {},
): void {
  const k: Kept = { el, anchor, removeWhenGone: o.removeWhenGone ?? false };
  kept.add(k);
  observer ??= new MutationObserver(() => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(placeAll);
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
  o.signal?.addEventListener('abort', () => {
    kept.delete(k);
    el.remove();
    if (!kept.size) {
      observer?.disconnect();
      observer = undefined;
    }
  });
  place(k);
}
