// Built-in sign-in page rules for common identity providers' login pages, selected by policy `presets`.
import type { PresetId, SignInPage } from './config.ts';

const rules: Record<PresetId, SignInPage[]> = {
  // Entra ID's converged sign-in page; both steps render into the same document.
  'microsoft-entra': [
    {
      match: 'https://login.microsoftonline.com/*',
      usernameSelector: 'input[name="loginfmt"]',
      passwordSelector: 'input[name="passwd"]',
      successUrl: 'https://myaccount.microsoft.com/*',
    },
    { match: 'https://login.live.com/*', usernameSelector: 'input[name="loginfmt"]' },
  ],
  google: [
    {
      match: 'https://accounts.google.com/*',
      usernameSelector: 'input[type="email"]',
      passwordSelector: 'input[type="password"][name="Passwd"]',
    },
  ],
  // Okta's Sign-In Widget (classic and Identity Engine) on any Okta-hosted org.
  okta: [
    {
      match: 'https://*.okta.com/*',
      usernameSelector: 'input[name="identifier"], input[name="username"]',
      passwordSelector: 'input[name="credentials.passcode"], input[name="password"]',
    },
  ],
  // Keycloak's default login theme; realms live under /realms/<realm>/ (older versions under /auth/).
  keycloak: [
    {
      match: 'https://*/realms/*/protocol/openid-connect/auth*',
      usernameSelector: '#username',
      passwordSelector: '#password',
      anchorSelector: '#kc-form-options, #kc-form-buttons',
    },
    {
      match: 'https://*/realms/*/login-actions/*',
      usernameSelector: '#username',
      passwordSelector: '#password',
      anchorSelector: '#kc-form-options, #kc-form-buttons',
    },
  ],
};

/** The page rules one preset stands for. */
export function presetRules(id: PresetId): SignInPage[] {
  return rules[id] ?? [];
}
