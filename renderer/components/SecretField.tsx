/**
 * One secret (an API key or the ngrok authtoken) in a form: its state (set, ends in abcd; unreadable; not set),
 * where it comes from (an environment variable or saved here), and a field to enter it, checked with the
 * CompanionApi's own schema (SecretValueSchema) so the form and the Companion agree on what is accepted.
 */
import { useState } from 'react';
import { SecretValueSchema } from '../../shared/api/companion-api';
import type { SecretStatus } from '../../shared/api/types';
import { useAction } from '../screens/setup/use-action';

export interface SecretFieldProps {
  /** The input's id (its label points at it). */
  id: string;
  /** What the secret is, in words: "API key for production", "ngrok authtoken". */
  label: string;
  secret: SecretStatus;
  /** Saves a value (already checked against the schema), or with null deletes the saved one. */
  save: (value: string | null) => Promise<unknown>;
  /** The save button's text. */
  submitLabel: string;
  /** The width of the input, in pixels. */
  width?: number;
}

/** Where the secret in use comes from, in words. */
export function secretSourceText(secret: SecretStatus): string {
  if (secret.source === 'environment-variable') return `from the environment variable ${secret.variable ?? ''}`.trimEnd();
  return secret.source === 'saved' ? 'saved here' : '';
}

export function SecretField({ id, label, secret, save, submitLabel, width = 260 }: SecretFieldProps) {
  const action = useAction();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState('');
  const fromEnv = secret.source === 'environment-variable';
  const valid = SecretValueSchema.safeParse(value).success;
  const submit = async (): Promise<void> => {
    if (await action.run(() => save(value))) {
      setValue('');
      setEditing(false);
    }
  };
  const showForm = secret.state !== 'set' || editing;
  return (
    <div className="secret-field">
      {secret.state === 'set' && (
        <span className="actions">
          <span>
            <span className="ok">✓</span> set, ends in <span className="mono">{secret.last4}</span>,{' '}
            <span className="secret-source">{secretSourceText(secret)}</span>
          </span>
          {!fromEnv && !editing && (
            <button type="button" className="btn small" onClick={() => setEditing(true)}>
              Change
            </button>
          )}
          {(!fromEnv || secret.savedIgnored) && (
            <button type="button" className="btn small danger" disabled={action.busy} onClick={() => void action.run(() => save(null))}>
              {fromEnv ? 'Delete saved value' : 'Delete'}
            </button>
          )}
        </span>
      )}
      {fromEnv && (
        <div className="hint" role="note">
          {secret.variable} is set when the Companion starts and wins over a value saved here
          {secret.savedIgnored ? ': the saved one is not used.' : '.'} Unset it and restart to use a saved one.
        </div>
      )}
      {secret.state === 'unreadable' && (
        <div className="warning-text" role="alert">
          ⚠ The saved {label} cannot be read (the system keychain cannot decrypt it). Enter it again.
        </div>
      )}
      {showForm && !fromEnv && (
        <form
          className="actions"
          onSubmit={(e) => {
            e.preventDefault();
            if (valid) void submit();
          }}
        >
          <label htmlFor={id} className="muted">
            {label}
          </label>
          <input id={id} type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} style={{ width }} />
          <button type="submit" className="btn primary small" disabled={action.busy || !valid}>
            {submitLabel}
          </button>
          {editing && (
            <button type="button" className="btn small" onClick={() => setEditing(false)}>
              Cancel
            </button>
          )}
          <span className="hint">at least {SecretValueSchema.minLength} characters</span>
        </form>
      )}
      {action.error && <div className="inline-error">{action.error}</div>}
    </div>
  );
}
