import { cn } from "./cn";

type Tone = "neutral" | "brand" | "green" | "amber" | "red";

const tones: Record<Tone, string> = {
  neutral: "bg-tint text-fg-muted ring-line-strong",
  brand: "bg-accent-soft text-accent ring-accent-line",
  green: "bg-success-soft text-success ring-success-line",
  amber: "bg-warning-soft text-warning ring-warning-line",
  red: "bg-danger-soft text-danger ring-danger-line",
};

export function Badge({ tone = "neutral", className, children }: { tone?: Tone; className?: string; children: React.ReactNode }) {
  return (
    <span className={cn("inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset", tones[tone], className)}>
      {children}
    </span>
  );
}
