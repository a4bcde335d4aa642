// Launches this machine's Debian Chromium headless with the flags its closed network needs (tests and benches).
import { type Browser, chromium } from 'playwright-core';

/** Background networking, component updates and sync all dial out; here they only fail, many at a time. */
export const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumFlags });
}
