import { cn } from "@/components/ui/cn";

/**
 * A preformatted code block that scrolls sideways instead of breaking the layout. It is a
 * focusable, labelled region, so keyboard and screen-reader users can reach and scroll it.
 */
export function CodeBlock({ code, className, label, testId }: { code: string; className?: string; label: string; testId?: string }) {
  return (
    <pre
      role="region"
      aria-label={label}
      tabIndex={0}
      data-testid={testId}
      className={cn(
        "max-w-full overflow-x-auto rounded-md bg-code p-3 font-mono text-xs leading-relaxed text-on-code focus:outline-2 focus:outline-focus",
        className,
      )}
    >
      <code>{code}</code>
    </pre>
  );
}
