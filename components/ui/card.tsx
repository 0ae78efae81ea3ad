import { cn } from "./cn";

/** A raised box; a `<section>` unless `as="div"` (e.g. a term-and-description group inside a `<dl>`). */
export function Card({ as: Tag = "section", className, children, ...props }: React.HTMLAttributes<HTMLElement> & { as?: "section" | "div" }) {
  return (
    <Tag className={cn("rounded-lg border border-line bg-raised p-5 shadow-sm", className)} {...props}>
      {children}
    </Tag>
  );
}
