import { cn } from "./cn";

/** A raised box. `as="div"` where a section is not allowed (inside a `<dl>`, a list item). */
export function Card({ className, children, as: Tag = "section", ...props }: React.HTMLAttributes<HTMLElement> & { as?: "section" | "div" }) {
  return (
    <Tag className={cn("rounded-lg border border-line bg-raised p-5 shadow-sm", className)} {...props}>
      {children}
    </Tag>
  );
}
