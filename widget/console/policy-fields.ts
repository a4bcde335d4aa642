// The policy settings the console's form shows, by path, with their labels and kinds; the schema behind the API
// (api/policy.ts) still decides what is valid, and its 422 names the field.
export type FieldKind =
  | { kind: 'text'; optional?: boolean; placeholder?: string }
  | { kind: 'checkbox' }
  | { kind: 'number'; min: number; max: number }
  | { kind: 'select'; options: readonly (string | number)[] };

export interface PolicyField {
  path: string;
  label: string;
  field: FieldKind;
}

export const policySections: { title: string; fields: PolicyField[] }[] = [
  {
    title: 'Organization and help',
    fields: [
      { path: 'organization.name', label: 'Organization name', field: { kind: 'text' } },
      { path: 'organization.logoUrl', label: 'Logo URL', field: { kind: 'text', optional: true } },
      {
        path: 'organization.accent',
        label: 'Accent colour',
        field: { kind: 'text', optional: true, placeholder: '#0b5cd5' },
      },
      {
        path: 'helpdesk.url',
        label: 'Helpdesk link (https: or mailto:)',
        field: { kind: 'text', optional: true },
      },
    ],
  },
  {
    title: 'Reset',
    fields: [
      {
        path: 'reset.enabled',
        label: 'Who can reset',
        field: { kind: 'select', options: ['all', 'group', 'none'] },
      },
      {
        path: 'reset.group',
        label: 'Reset group (when only a group can)',
        field: { kind: 'text', optional: true },
      },
      { path: 'reset.gatesRequired', label: 'Gates required', field: { kind: 'select', options: [1, 2] } },
      { path: 'reset.unlockEnabled', label: 'Users may unlock without a reset', field: { kind: 'checkbox' } },
      { path: 'reset.showHints', label: 'Show masked hints of the methods', field: { kind: 'checkbox' } },
    ],
  },
  {
    title: 'Methods',
    fields: [
      { path: 'methods.alternateEmail.enabled', label: 'Alternate email', field: { kind: 'checkbox' } },
      { path: 'methods.mobilePhone.enabled', label: 'Mobile phone', field: { kind: 'checkbox' } },
      { path: 'methods.mobilePhone.sms', label: 'Mobile phone by text message', field: { kind: 'checkbox' } },
      { path: 'methods.mobilePhone.voice', label: 'Mobile phone by voice call', field: { kind: 'checkbox' } },
      { path: 'methods.officePhone.enabled', label: 'Office phone', field: { kind: 'checkbox' } },
      { path: 'methods.questions.enabled', label: 'Security questions', field: { kind: 'checkbox' } },
      {
        path: 'methods.questions.toRegister',
        label: 'Questions to register',
        field: { kind: 'number', min: 3, max: 5 },
      },
      {
        path: 'methods.questions.toReset',
        label: 'Questions to reset',
        field: { kind: 'number', min: 3, max: 5 },
      },
    ],
  },
  {
    title: 'Registration',
    fields: [
      {
        path: 'registration.enforced',
        label: 'Ask users to register at sign-in',
        field: { kind: 'checkbox' },
      },
      {
        path: 'registration.reconfirmDays',
        label: 'Days before users reconfirm (0: never)',
        field: { kind: 'number', min: 0, max: 730 },
      },
      {
        path: 'registration.snoozeDays',
        label: 'Days a snooze lasts',
        field: { kind: 'number', min: 0, max: 14 },
      },
      {
        path: 'registration.maxSnoozes',
        label: 'Snoozes allowed',
        field: { kind: 'number', min: 0, max: 50 },
      },
    ],
  },
  {
    title: 'Privileged accounts',
    fields: [
      {
        path: 'privileged.handling',
        label: 'Privileged accounts',
        field: { kind: 'select', options: ['twoGates', 'excluded'] },
      },
    ],
  },
];

export const allFields = policySections.flatMap((s) => s.fields);

/** The value at a dotted path. */
export function valueAt(o: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
      o,
    );
}

/** A merge patch setting each path to its value (null removes an optional setting). */
export function patchOf(changes: { path: string; to: unknown }[]): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const { path, to } of changes) {
    const keys = path.split('.');
    let at = patch;
    for (const k of keys.slice(0, -1)) {
      at[k] ??= {};
      at = at[k] as Record<string, unknown>;
    }
    at[keys.at(-1)!] = to;
  }
  return patch;
}

/** The leaf paths whose values differ between two policies (for the history's summary). */
export function changedPaths(a: unknown, b: unknown, prefix = ''): string[] {
  const isObj = (v: unknown): v is Record<string, unknown> =>
    !!v && typeof v === 'object' && !Array.isArray(v);
  if (!isObj(a) || !isObj(b)) return JSON.stringify(a) === JSON.stringify(b) ? [] : [prefix || '(all)'];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.flatMap((k) => changedPaths(a[k], b[k], prefix ? `${prefix}.${k}` : k));
}
