import { cn } from "@/components/ui/cn";

/**
 * A preformatted code block that scrolls sideways instead of breaking the layout: a labelled
 * region that keyboard users can focus and scroll (an aria-label needs a role to count).
 */
export function CodeBlock({ code, className, label, testId }: { code: string; className?: string; label: string; testId?: string }) {
  return (
    <pre
      role="region"
      aria-label={label}
      tabIndex={0}
      data-testid={testId}
      className={cn(
        "overflow-x-auto rounded-md bg-code p-3 font-mono text-xs leading-relaxed text-on-code focus:outline-2 focus:outline-focus",
        className,
      )}
    >
      <code>{code}</code>
    </pre>
  );
}
