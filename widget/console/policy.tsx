// The console's policy page (admins only): the settings as a form, a review of what will change and of who could
// still reset, saving with the server's field errors shown at the field, and the history of changes with revert.
import { useEffect, useState } from 'preact/hooks';
import { type ConsoleProblem, consoleApi, type HistoryAnswer, type PreviewAnswer } from './console-client.ts';
import { when } from './format.ts';
import {
  allFields,
  changedPaths,
  type PolicyField,
  patchOf,
  policySections,
  valueAt,
} from './policy-fields.ts';
import { problemText } from './problem-text.ts';

interface Change {
  path: string;
  label: string;
  from: unknown;
  to: unknown;
}

const shown = (v: unknown) => (v === undefined || v === null || v === '' ? '(not set)' : String(v));
const idOf = (path: string) => `p-${path.replaceAll('.', '-')}`;

/** The form's value for a field, typed as the policy holds it (an empty optional text removes the setting). */
function formValue(form: HTMLFormElement, f: PolicyField): unknown {
  const el = form.elements.namedItem(f.path) as HTMLInputElement | HTMLSelectElement | null;
  if (!el) return undefined;
  if (f.field.kind === 'checkbox') return (el as HTMLInputElement).checked;
  if (f.field.kind === 'number') return Number(el.value);
  if (f.field.kind === 'select') return f.field.options.find((o) => String(o) === el.value);
  const v = el.value.trim();
  return v === '' && f.field.optional ? null : v;
}

function FieldInput({ f, value, error }: { f: PolicyField; value: unknown; error: string | undefined }) {
  const id = idOf(f.path);
  const described = error ? { 'aria-describedby': `${id}-error`, 'aria-invalid': true } : {};
  const message = error && (
    <span id={`${id}-error`} class="error">
      {error}
    </span>
  );
  if (f.field.kind === 'checkbox')
    return (
      <div class="check">
        <input id={id} name={f.path} type="checkbox" defaultChecked={value === true} {...described} />
        <label class="plain" for={id}>
          {f.label}
        </label>
        {message}
      </div>
    );
  return (
    <div class="field">
      <label class="plain" for={id}>
        {f.label}
      </label>
      {f.field.kind === 'select' ? (
        <select id={id} name={f.path} {...described}>
          {f.field.options.map((o) => (
            <option key={String(o)} value={String(o)} selected={o === value}>
              {String(o)}
            </option>
          ))}
        </select>
      ) : f.field.kind === 'number' ? (
        <input
          id={id}
          name={f.path}
          type="number"
          min={f.field.min}
          max={f.field.max}
          defaultValue={value === undefined || value === null ? '' : String(value)}
          {...described}
        />
      ) : (
        <input
          id={id}
          name={f.path}
          type="text"
          defaultValue={value === undefined || value === null ? '' : String(value)}
          placeholder={f.field.kind === 'text' ? f.field.placeholder : undefined}
          autocomplete="off"
          {...described}
        />
      )}
      {message}
    </div>
  );
}

export function PolicyPage() {
  const [policy, setPolicy] = useState<Record<string, unknown> | null>(null);
  const [history, setHistory] = useState<HistoryAnswer['changes']>([]);
  const [error, setError] = useState<ConsoleProblem | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [review, setReview] = useState<{ changes: Change[]; preview: PreviewAnswer } | null>(null);
  const [status, setStatus] = useState('');
  // A new key redraws the form from the stored policy (after a save or a revert).
  const [formKey, setFormKey] = useState(0);

  const load = async () => {
    const [p, h] = await Promise.all([consoleApi.policy(), consoleApi.policyHistory()]);
    if (!p.ok) return setError(p.problem);
    setPolicy(p.data as Record<string, unknown>);
    if (h.ok) setHistory(h.data.changes);
    setFormKey((k) => k + 1);
  };
  useEffect(() => void load(), []);

  if (error?.code === 'forbidden' && !policy)
    return (
      <>
        <h1>Policy</h1>
        <p role="alert">Only admins can change the policy.</p>
      </>
    );
  if (!policy) return <p aria-busy="true">Loading…</p>;

  const refused = (p: ConsoleProblem) => {
    if (p.field) setFieldErrors({ [p.field]: p.detail ?? 'not accepted' });
    setError(p);
    setReview(null);
  };

  return (
    <>
      <h1>Policy</h1>
      {error && (
        <p class="error" role="alert">
          {problemText(error)}
        </p>
      )}
      <p role="status">{status}</p>
      {review ? (
        <section aria-labelledby="p-review" class="review">
          <h2 id="p-review">Review the changes</h2>
          <ul>
            {review.changes.map((c) => (
              <li key={c.path}>
                {c.label}: {shown(c.from)} → {shown(c.to)}
              </li>
            ))}
          </ul>
          {review.preview.registeredAfter < review.preview.registeredNow ? (
            <p class="bad">
              {review.preview.registeredNow - review.preview.registeredAfter} of the{' '}
              {review.preview.registeredNow} users who can reset today could not after this change (
              {review.preview.registeredAfter} of {review.preview.total} could).
            </p>
          ) : (
            <p>
              {review.preview.registeredAfter} of {review.preview.total} users can reset after this change.
            </p>
          )}
          <button
            type="button"
            onClick={async () => {
              const r = await consoleApi.patchPolicy(patchOf(review.changes));
              if (!r.ok) return refused(r.problem);
              setReview(null);
              setError(null);
              setFieldErrors({});
              setStatus('Saved. The flows use the new policy from now on.');
              await load();
            }}
          >
            Save
          </button>{' '}
          <button type="button" class="secondary" onClick={() => setReview(null)}>
            Back to the form
          </button>
        </section>
      ) : null}
      <form
        key={formKey}
        hidden={review !== null}
        onSubmit={async (ev) => {
          ev.preventDefault();
          const form = ev.currentTarget;
          const changes = allFields
            .map((f) => ({
              path: f.path,
              label: f.label,
              from: valueAt(policy, f.path),
              to: formValue(form, f),
            }))
            .filter((c) => c.to !== undefined && shown(c.from) !== shown(c.to));
          setStatus('');
          if (!changes.length) return setStatus('Nothing changed.');
          const preview = await consoleApi.previewPolicy(patchOf(changes));
          if (!preview.ok) return refused(preview.problem);
          setError(null);
          setFieldErrors({});
          setReview({ changes, preview: preview.data });
        }}
      >
        {policySections.map((s) => (
          <fieldset key={s.title}>
            <legend>{s.title}</legend>
            {s.fields.map((f) => (
              <FieldInput key={f.path} f={f} value={valueAt(policy, f.path)} error={fieldErrors[f.path]} />
            ))}
          </fieldset>
        ))}
        <button type="submit">Review changes</button>
      </form>
      <section aria-labelledby="p-history">
        <h2 id="p-history">History</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What changed</th>
              <th scope="col">
                <span class="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {history.map((h) => (
              <tr key={h.id}>
                <td>{when(h.at)}</td>
                <td>{h.actor ?? ''}</td>
                <td>{changedPaths(h.before, h.after).slice(0, 6).join(', ') || '(nothing)'}</td>
                <td>
                  <button
                    type="button"
                    class="secondary"
                    aria-label={`Revert the change of ${when(h.at)}`}
                    onClick={async () => {
                      const r = await consoleApi.revertPolicy(h.id);
                      if (!r.ok) return setError(r.problem);
                      setStatus('Reverted: the policy is as it was before that change.');
                      await load();
                    }}
                  >
                    Revert
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
