import { cn } from "./cn";

export interface ScrollRegionProps extends Omit<React.HTMLAttributes<HTMLDivElement>, "role" | "tabIndex"> {
  /** The region's accessible name, e.g. "Audit log" or "Terragrunt unit": unique on the page. */
  label: string;
}

/**
 * A box that may scroll (wide tables, code): a labelled region that keyboard users can focus
 * and scroll with the arrow keys (WCAG 2.1.1; axe `scrollable-region-focusable`).
 */
export function ScrollRegion({ label, className, children, ...props }: ScrollRegionProps) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className={cn("overflow-x-auto", className)} {...props}>
      {children}
    </div>
  );
}
