import { cn } from "./cn";

/** Options of the shared form-control look. Width and padding are options, not classes, because two Tailwind width classes on one element do not override each other by order. */
export interface ControlLook {
  /** Tighter padding, for filters and toolbars. */
  compact?: boolean;
  /** "full" (default): a block as wide as its container; "auto": size it yourself with className (`w-56`, `flex-1`). */
  width?: "full" | "auto";
}

/**
 * The look every text-like form control shares: a 3:1 border (`border-control`), the focus
 * outline from globals.css (never removed), a danger border while `aria-invalid` is set.
 */
export function controlClasses({ compact, width = "full" }: ControlLook, className?: string): string {
  return cn(
    "rounded-md border border-control bg-raised text-sm text-fg placeholder:text-fg-subtle focus:border-focus aria-[invalid=true]:border-danger disabled:cursor-not-allowed disabled:opacity-60",
    width === "full" && "block w-full",
    compact ? "px-2 py-1.5" : "px-3 py-2",
    className,
  );
}

export type InputProps = React.InputHTMLAttributes<HTMLInputElement> & ControlLook & { ref?: React.Ref<HTMLInputElement> };

/** A text-like `<input>` (text, search, date…). Label it with `Field`, a `<label>` or `aria-label`. */
export function Input({ compact, width, className, ...props }: InputProps) {
  return <input className={controlClasses({ compact, width }, className)} {...props} />;
}
