import type { FieldMetadata } from '@conform-to/react';
import { getInputProps } from '@conform-to/react';
import type { ReactNode } from 'react';

export function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
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

type InputType = 'text' | 'date' | 'time' | 'datetime-local';

/** A labelled input of the date/time kinds `Field` does not offer, with its French errors. */
export function InputField({
  label,
  meta,
  type = 'text',
  hint,
  min,
  inputMode,
}: {
  label: string;
  meta: FieldMetadata<string | number | undefined | null>;
  type?: InputType;
  hint?: ReactNode;
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
      <input {...props} key={props.key} min={min} inputMode={inputMode} />
      {hint ? (
        <p id={`${meta.id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}
