import { cn } from "@/components/ui/cn";

/** The classes of every text input, select and textarea, with the invalid state from `aria-invalid`. */
export const inputClasses =
  "mt-1 block w-full rounded-md border border-control bg-raised px-3 py-2 text-sm focus:border-focus focus:outline-none focus:ring-2 focus:ring-focus/30 aria-[invalid=true]:border-danger disabled:bg-tint disabled:text-fg-subtle";

/** The ids a control needs to point at its help and error text. */
export function fieldIds(id: string, options: { help?: boolean; error?: string | null }): { "aria-describedby"?: string; "aria-invalid"?: true } {
  const describedBy = [options.error ? `${id}-error` : null, options.help ? `${id}-help` : null].filter(Boolean).join(" ");
  return { ...(describedBy ? { "aria-describedby": describedBy } : {}), ...(options.error ? { "aria-invalid": true as const } : {}) };
}

/**
 * A labelled form field: the label, the control (passed as children, with `id` and the props
 * from `fieldIds`), help text, and the error beside it.
 */
export function Field({ id, label, help, error, className, children }: { id: string; label: React.ReactNode; help?: React.ReactNode; error?: string | null; className?: string; children: React.ReactNode }) {
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children}
      {help ? (
        <p id={`${id}-help`} className="mt-1 text-xs text-fg-subtle">
          {help}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}

type AlertTone = "info" | "warning" | "error" | "success";

const alertTones: Record<AlertTone, string> = {
  info: "border-accent-line bg-accent-soft text-accent",
  warning: "border-warning-line bg-warning-soft text-warning",
  error: "border-danger-line bg-danger-soft text-danger",
  success: "border-success-line bg-success-soft text-success",
};

/** A boxed message; errors are announced (`role="alert"`), the rest politely (`role="status"`). */
export function Alert({ tone = "info", title, className, children, ...props }: { tone?: AlertTone; title?: React.ReactNode; className?: string; children?: React.ReactNode } & React.HTMLAttributes<HTMLDivElement>) {
  return (
    <div role={tone === "error" ? "alert" : "status"} className={cn("rounded-md border p-4 text-sm", alertTones[tone], className)} {...props}>
      {title ? <p className="font-semibold">{title}</p> : null}
      {children ? <div className={title ? "mt-1" : undefined}>{children}</div> : null}
    </div>
  );
}
