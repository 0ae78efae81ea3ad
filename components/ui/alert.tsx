import { cn } from "./cn";

export type AlertTone = "info" | "success" | "warning" | "error";

const tones: Record<AlertTone, string> = {
  info: "border-accent-line bg-accent-soft text-accent",
  success: "border-success-line bg-success-soft text-success",
  warning: "border-warning-line bg-warning-soft text-warning",
  error: "border-danger-line bg-danger-soft text-danger",
};

export interface AlertProps extends Omit<React.HTMLAttributes<HTMLDivElement>, "role" | "title"> {
  tone: AlertTone;
  /** A short bold first line. */
  title?: React.ReactNode;
  /**
   * The live-region role. Default: "alert" for errors (announced at once), "status" for the
   * rest (announced politely). "note" for a message that is part of the page from the start
   * and should not be announced as news.
   */
  role?: "alert" | "status" | "note";
}

/** A message box in one of four tones; text holds 4.5:1 on its fill in both themes. */
export function Alert({ tone, title, role, className, children, ...props }: AlertProps) {
  return (
    <div role={role ?? (tone === "error" ? "alert" : "status")} className={cn("rounded-md border p-3 text-sm", tones[tone], className)} {...props}>
      {title ? <p className="font-semibold">{title}</p> : null}
      {children}
    </div>
  );
}
