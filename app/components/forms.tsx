import type { FieldMetadata } from '@conform-to/react';
import { getInputProps, getSelectProps } from '@conform-to/react';
import type { ReactNode } from 'react';

function Errors({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) {
    return null;
  }
  return (
    <ul id={id} className="field-errors" aria-live="polite">
      {errors.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  );
}

type InputType =
  | 'text'
  | 'email'
  | 'password'
  | 'tel'
  | 'number'
  | 'url'
  | 'hidden'
  | 'date'
  | 'time'
  | 'datetime-local';

export function Field({
  label,
  meta,
  type = 'text',
  hint,
  autoComplete,
  min,
  inputMode,
}: {
  label: string;
  meta: FieldMetadata<string | number | undefined | null>;
  type?: InputType;
  hint?: ReactNode;
  autoComplete?: string;
  min?: string;
  inputMode?: 'decimal' | 'text';
}) {
  const props = getInputProps(meta, {
    type,
    ariaDescribedBy: hint ? `${meta.id}-hint` : undefined,
  });
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <input
        {...props}
        key={props.key}
        autoComplete={autoComplete}
        min={min}
        inputMode={inputMode}
      />
      {hint ? (
        <p id={`${meta.id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <Errors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function SelectField({
  label,
  meta,
  options,
}: {
  label: string;
  meta: FieldMetadata<string | undefined | null>;
  options: { value: string; label: string }[];
}) {
  const props = getSelectProps(meta);
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <select {...props} key={props.key}>
        <option value="">—</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Errors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function FormErrors({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) {
    return null;
  }
  return (
    <div id={id} role="alert" className="form-errors">
      {errors.map((e) => (
        <p key={e}>{e}</p>
      ))}
    </div>
  );
}
