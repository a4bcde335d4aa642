// The widget's ES module entry for bundlers: typed mount functions for every flow, with no custom elements defined.
import { mountChangePassword } from './flows/change-password-entry.tsx';

export { mountChangePassword };
/** Options of mountChangePassword: the service's origin, an optional prefilled user name, locale and strings. */
export type ChangePasswordOptions = Parameters<typeof mountChangePassword>[1];
export type { FlowEvent, ShellOptions } from './flows/mount-shell.tsx';
export {
  mountRegistration,
  mountRegistrationPrompt,
  type RegistrationMountOptions,
} from './flows/registration-entry.tsx';
export { type MountOptions, mountReset } from './flows/reset-entry.tsx';
