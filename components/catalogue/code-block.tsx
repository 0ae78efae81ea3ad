import { cn } from "@/components/ui/cn";

/** A preformatted code block that scrolls sideways instead of breaking the layout. */
export function CodeBlock({ code, className, label, testId }: { code: string; className?: string; label?: string; testId?: string }) {
  return (
    <pre
      aria-label={label}
      tabIndex={0}
      data-testid={testId}
      className={cn(
        "overflow-x-auto rounded-md bg-zinc-950 p-3 font-mono text-xs leading-relaxed text-zinc-100 focus:outline-2 focus:outline-brand-500",
        className,
      )}
    >
      <code>{code}</code>
    </pre>
  );
}
