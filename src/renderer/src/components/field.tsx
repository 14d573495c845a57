import type { ReactNode } from 'react';

/** The attributes `Field` hands its control: spread them onto the input, select or textarea. */
export type FieldControlProps = {
  id: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
};

/**
 * A labelled control with its hint and error wired to aria-describedby. The control comes from
 * the render prop, which gets the id the label points at.
 */
export function Field({
  label,
  id = `field-${label.replace(/\W+/g, '-').toLowerCase()}`,
  required = false,
  hint,
  error,
  invalid = false,
  keepHint = false,
  children,
}: {
  label: string;
  /** The control's id; by default made from the label. */
  id?: string;
  /** Marks the label with an asterisk (the control says aria-required itself). */
  required?: boolean;
  hint?: string;
  error?: string;
  /** Marks the control invalid without an error of its own (e.g. the form's message names it). */
  invalid?: boolean;
  /** Keeps the hint under an error; otherwise the error takes the hint's place. */
  keepHint?: boolean;
  children: (props: FieldControlProps) => ReactNode;
}) {
  const hintShown = hint && (keepHint || !error) ? hint : undefined;
  const describedBy =
    [error && `${id}-error`, hintShown && `${id}-hint`].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required && (
          <span className="required-mark" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      {children({
        id,
        ...(error || invalid ? { 'aria-invalid': true } : {}),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      })}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {hintShown && (
        <p className="field-hint" id={`${id}-hint`}>
          {hintShown}
        </p>
      )}
    </div>
  );
}
