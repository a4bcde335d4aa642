// The user-name field every sign-in-like form starts with: the label, and the attributes password managers look for.
import type { Translate } from '../i18n/en.ts';

/**
 * `initial` is the starting value only (uncontrolled), so a redraw while the user types never undoes the typing;
 * `readOnly` shows a name that is given, as the reset's password form must for password managers.
 */
export function UsernameField({
  t,
  initial,
  readOnly,
}: {
  t: Translate;
  initial: string;
  readOnly?: boolean;
}) {
  return (
    <label>
      {t('username')}
      <input
        name="username"
        autocomplete="username"
        required
        readOnly={readOnly}
        defaultValue={initial}
        spellcheck={false}
        autocapitalize="none"
      />
    </label>
  );
}
