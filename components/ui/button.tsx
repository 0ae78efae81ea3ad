import { cn } from "./cn";

type Variant = "primary" | "secondary" | "ghost" | "danger";

const variants: Record<Variant, string> = {
  primary: "bg-accent-solid text-white hover:bg-accent-solid-hover disabled:bg-accent-solid/50",
  secondary:
    "border border-line-strong bg-raised text-fg hover:bg-tint",
  ghost: "text-fg-muted hover:bg-tint",
  danger: "bg-danger-solid text-white hover:bg-danger-solid-hover",
};

export function buttonClasses(variant: Variant = "primary", extra?: string): string {
  return cn(
    "inline-flex items-center justify-center gap-2 rounded-md px-3 py-2 text-sm font-medium transition-colors disabled:cursor-not-allowed",
    variants[variant],
    extra,
  );
}

export function Button({
  variant = "primary",
  className,
  ...props
}: React.ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return <button className={buttonClasses(variant, className)} {...props} />;
}
