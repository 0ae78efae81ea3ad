import { cn } from "./cn";
import { ScrollRegion } from "./scroll-region";

export interface TableProps extends React.TableHTMLAttributes<HTMLTableElement> {
  /** The table's caption (visually hidden unless `showCaption`) and its scroll region's name. */
  label: string;
  showCaption?: boolean;
  /** Draw the rounded, bordered frame around the scroll region (default true); false for a table inside a card. */
  frame?: boolean;
  /** Extra-small text, for secondary tables such as a source's recent syncs. */
  dense?: boolean;
}

/**
 * A data table inside a focusable, labelled scroll region, so that a table wider than the
 * screen can be scrolled from the keyboard. Other props (data-testid…) go on the `<table>`.
 */
export function Table({ label, showCaption, frame = true, dense, className, children, ...props }: TableProps) {
  return (
    <ScrollRegion label={label} className={frame ? "rounded-lg border border-line bg-raised" : undefined}>
      <table className={cn("w-full text-left", dense ? "text-xs" : "text-sm", className)} {...props}>
        <caption className={showCaption ? "px-3 py-2 text-left text-sm font-medium" : "sr-only"}>{label}</caption>
        {children}
      </table>
    </ScrollRegion>
  );
}
