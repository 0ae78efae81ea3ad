import { useId } from "react";

/** What `Field` hands its control: spread it onto the `Input`, `Select` or `Textarea`. */
export interface FieldControlProps {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
  "aria-errormessage"?: string;
  "aria-required"?: true;
}

export interface FieldProps {
  label: React.ReactNode;
  /** Help under the label, read out with the control (aria-describedby). */
  hint?: React.ReactNode;
  /** The field's error; when set the control is aria-invalid and points at it (aria-errormessage and aria-describedby). */
  error?: React.ReactNode;
  /** Shows a marker and sets aria-required; it does not turn on the browser's own validation. */
  required?: boolean;
  /** The control's id (default: generated). The hint is `<id>-hint`, the error `<id>-error`. */
  id?: string;
  /** More ids to add to aria-describedby (e.g. a default-value note rendered elsewhere). */
  describedBy?: string;
  className?: string;
  children: (control: FieldControlProps) => React.ReactNode;
}

/**
 * A labelled form field: label, optional hint, the control, the error. It wires the aria
 * attributes, so forms only say what the field is:
 *
 *   <Field label="Repository" hint="owner/repo" error={errors.repository} required>
 *     {(control) => <Input name="repository" {...control} />}
 *   </Field>
 */
export function Field({ label, hint, error, required, id, describedBy, className, children }: FieldProps) {
  const generated = useId();
  const controlId = id ?? `field-${generated.replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  const describedByIds = [hintId, errorId, describedBy].filter(Boolean).join(" ");
  return (
    <div className={className}>
      <label htmlFor={controlId} className="block text-sm font-medium text-fg">
        {label}
        {required ? (
          <span aria-hidden="true" className="ml-0.5 text-danger">
            *
          </span>
        ) : null}
      </label>
      {hint ? (
        <p id={hintId} className="mt-1 text-xs text-fg-muted">
          {hint}
        </p>
      ) : null}
      <div className="mt-1">
        {children({
          id: controlId,
          ...(describedByIds ? { "aria-describedby": describedByIds } : {}),
          ...(errorId ? { "aria-invalid": true, "aria-errormessage": errorId } : {}),
          ...(required ? { "aria-required": true } : {}),
        })}
      </div>
      {error ? (
        <p id={errorId} className="mt-1 text-xs text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
