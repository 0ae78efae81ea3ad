import { cn } from "@/components/ui/cn";

/**
 * A unified diff in a `<pre>`, added lines green and removed lines red. The +/- prefixes stay
 * in the text so the meaning does not depend on colour.
 */
export function FileDiff({ diff, label }: { diff: string; label: string }) {
  const lines = diff.replace(/\n$/, "").split("\n");
  return (
    <pre aria-label={label} className="max-h-[32rem] overflow-auto rounded-md border border-zinc-200 bg-zinc-50 py-2 font-mono text-xs leading-5 dark:border-zinc-800 dark:bg-zinc-950">
      {lines.map((line, i) => (
        <span
          key={i}
          className={cn(
            "block px-3 whitespace-pre",
            line.startsWith("+") && !line.startsWith("+++") && "bg-green-100 text-green-900 dark:bg-green-900/30 dark:text-green-200",
            line.startsWith("-") && !line.startsWith("---") && "bg-red-100 text-red-900 dark:bg-red-900/30 dark:text-red-200",
            line.startsWith("@@") && "text-brand-700 dark:text-brand-100",
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
    <pre aria-label={label} className="max-h-[32rem] overflow-auto rounded-md border border-zinc-200 bg-zinc-50 p-3 font-mono text-xs leading-5 dark:border-zinc-800 dark:bg-zinc-950">
      {content}
    </pre>
  );
}
