import { cn } from "@/components/ui/cn";

/**
 * A unified diff in a `<pre>` (a focusable, labelled region, as it scrolls), added lines green and removed lines red. The +/- prefixes stay
 * in the text so the meaning does not depend on colour.
 */
export function FileDiff({ diff, label }: { diff: string; label: string }) {
  const lines = diff.replace(/\n$/, "").split("\n");
  return (
    <pre role="region" aria-label={label} tabIndex={0} className="max-h-[32rem] overflow-auto rounded-md border border-line bg-sunken py-2 font-mono text-xs leading-5">
      {lines.map((line, i) => (
        <span
          key={i}
          className={cn(
            "block px-3 whitespace-pre",
            line.startsWith("+") && !line.startsWith("+++") && "bg-success-soft text-success",
            line.startsWith("-") && !line.startsWith("---") && "bg-danger-soft text-danger",
            line.startsWith("@@") && "text-accent",
          )}
        >
          {line || " "}
        </span>
      ))}
    </pre>
  );
}

/** A file's full content as a plain `<pre>`. */
export function FileContent({ content, label }: { content: string; label: string }) {
  return (
    <pre role="region" aria-label={label} tabIndex={0} className="max-h-[32rem] overflow-auto rounded-md border border-line bg-sunken p-3 font-mono text-xs leading-5">
      {content}
    </pre>
  );
}
