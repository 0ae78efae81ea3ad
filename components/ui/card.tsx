import { cn } from "./cn";

export function Card({ className, children, ...props }: React.HTMLAttributes<HTMLElement> & { as?: "section" | "div" }) {
  return (
    <section
      className={cn("rounded-lg border border-line bg-raised p-5 shadow-sm", className)}
      {...props}
    >
      {children}
    </section>
  );
}
