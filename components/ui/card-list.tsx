import { cn } from "./cn";

export type Breakpoint = "sm" | "md" | "lg";

// Whole class names, so that Tailwind finds them in the source.
const narrowOnly: Record<Breakpoint, string> = { sm: "sm:hidden", md: "md:hidden", lg: "lg:hidden" };
const wideOnly: Record<Breakpoint, string> = { sm: "hidden sm:block", md: "hidden md:block", lg: "hidden lg:block" };

/**
 * Shown below `breakpoint` only: a table's phone layout. Pair it with `WideOnly` around the table.
 * Both are rendered and CSS shows one; `display: none` takes the other out of the accessibility
 * tree and the tab order, so screen readers and `getByRole` meet one copy of each control.
 * Test ids that name the table stay on the table; the cards take their own.
 */
export function NarrowOnly({ breakpoint, className, children }: { breakpoint: Breakpoint; className?: string; children: React.ReactNode }) {
  return <div className={cn(narrowOnly[breakpoint], className)}>{children}</div>;
}

/** Shown from `breakpoint` up only: the table whose phone layout is in `NarrowOnly`. */
export function WideOnly({ breakpoint, children }: { breakpoint: Breakpoint; children: React.ReactNode }) {
  return <div className={wideOnly[breakpoint]}>{children}</div>;
}

/** A labelled list of cards, one per row of the table it stands for on phones. */
export function CardList({ label, className, children, ...props }: Omit<React.HTMLAttributes<HTMLUListElement>, "aria-label"> & { label: string }) {
  return (
    <ul aria-label={label} className={cn("space-y-3", className)} {...props}>
      {children}
    </ul>
  );
}

/** One row of a table as a card. */
export function CardListItem({ className, children, ...props }: React.LiHTMLAttributes<HTMLLIElement>) {
  return (
    <li className={cn("min-w-0 rounded-lg border border-line bg-raised p-3 text-sm", className)} {...props}>
      {children}
    </li>
  );
}
