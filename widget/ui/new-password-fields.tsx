// The new-password and confirm fields with the live rule feedback, shared by the reset and change-password forms.
import type { PasswordVerdict } from '../api/client.ts';
import type { MessageKey, Translate } from '../i18n/en.ts';

/** Rules the catalogs word themselves; any other rule shows the server's localized message. */
const ruleKeys = { length: 1, common_password: 1, banned_score: 1, context_word: 1, history: 1, classes: 1 };

export interface NewPasswordProps {
  t: Translate;
  /** The policy's length limits from /v1/config, once loaded. */
  password: { minLength: number; maxLength: number } | undefined;
  checking: boolean;
  verdict: PasswordVerdict | null;
  onInput: (e: Event) => void;
}

export function NewPasswordFields({ t, password, checking, verdict: v, onInput }: NewPasswordProps) {
  const min = password?.minLength ?? 8;
  const max = password?.maxLength ?? 256;
  return (
    <>
      <label>
        {t('password.new')}
        <input
          name="password"
          type="password"
          autocomplete="new-password"
          required
          minLength={min}
          maxLength={max}
          aria-describedby="rules"
          onInput={onInput}
        />
      </label>
      <label>
        {t('password.confirm')}
        <input name="confirm" type="password" autocomplete="new-password" required />
      </label>
      <div id="rules" aria-live="polite">
        {checking && <p class="note">{t('password.checking')}</p>}
        {v?.accepted && <p class="ok">{t('password.ok')}</p>}
        {v && !v.accepted && (
          <ul class="rules">
            {v.violations.map((x) => (
              <li key={x.rule}>
                {x.rule in ruleKeys
                  ? t(`rule.${x.rule}` as MessageKey, { min, max, ...x.params })
                  : x.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}
