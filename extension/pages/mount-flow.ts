// Mounts one of the widget's flows for a launch, with the real entry points the embeddable widget ships.
import { mountChangePassword } from '../../widget/flows/change-password-entry.tsx';
import { mountRegistration, mountRegistrationPrompt } from '../../widget/flows/registration-entry.tsx';
import { mountReset } from '../../widget/flows/reset-entry.tsx';
import type { FlowKind } from '../lib/messages.ts';

export interface FlowMount {
  flow: FlowKind;
  api: string;
  username: string;
  locale?: string;
}

/** Draws the flow into `host`; returns its unmount function. */
export function mountFlow(host: HTMLElement, f: FlowMount): () => void {
  const base = { api: f.api, ...(f.locale ? { locale: f.locale } : {}) };
  const username = f.username ? { username: f.username } : {};
  switch (f.flow) {
    case 'reset':
      return mountReset(host, { ...base, ...username });
    case 'change':
      return mountChangePassword(host, { ...base, ...username });
    case 'registration':
      return mountRegistration(host, { ...base, ...username });
    case 'prompt': {
      // The extension has no ticket (minting one needs the login backend's key): the prompt opens its
      // session with the user name and the password the user types into this extension page.
      return mountRegistrationPrompt(host, { ...base, ...username });
    }
  }
}
