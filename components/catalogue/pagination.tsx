"use client";

import { cn } from "@/components/ui/cn";

/** Page numbers around the current one, with ellipses: 1 … 4 5 [6] 7 8 … 20. */
export function pageWindow(page: number, pageCount: number): Array<number | "gap"> {
  const pages = new Set([1, pageCount, page - 2, page - 1, page, page + 1, page + 2].filter((p) => p >= 1 && p <= pageCount));
  const sorted = [...pages].sort((a, b) => a - b);
  const out: Array<number | "gap"> = [];
  sorted.forEach((p, k) => {
    const previous = sorted[k - 1];
    if (previous !== undefined && p - previous > 1) out.push("gap");
    out.push(p);
  });
  return out;
}

const itemClasses =
  "inline-flex min-w-9 items-center justify-center rounded-md border px-2.5 py-1.5 text-sm focus:outline-2 focus:outline-focus disabled:cursor-not-allowed disabled:opacity-40";

/** Keyboard-usable pagination: real buttons, the current page marked with aria-current. */
export function Pagination({ page, pageSize, total, onChange }: { page: number; pageSize: number; total: number; onChange: (page: number) => void }) {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  if (pageCount <= 1) return null;
  const go = (target: number) => {
    onChange(target);
    document.getElementById("results-heading")?.scrollIntoView({ block: "nearest" });
  };
  return (
    <nav aria-label="Pagination" className="mt-6 flex flex-wrap items-center gap-1">
      <button type="button" className={cn(itemClasses, "border-line-strong")} disabled={page <= 1} onClick={() => go(page - 1)}>
        Previous
      </button>
      {pageWindow(page, pageCount).map((item, k) =>
        item === "gap" ? (
          <span key={`gap-${k}`} className="px-1 text-fg-subtle" aria-hidden="true">
            …
          </span>
        ) : (
          <button
            key={item}
            type="button"
            aria-label={`Page ${item}`}
            aria-current={item === page ? "page" : undefined}
            className={cn(
              itemClasses,
              item === page ? "border-accent-solid bg-accent-solid text-white" : "border-line-strong hover:bg-tint",
            )}
            onClick={() => go(item)}
          >
            {item}
          </button>
        ),
      )}
      <button
        type="button"
        className={cn(itemClasses, "border-line-strong")}
        disabled={page >= pageCount}
        onClick={() => go(page + 1)}
      >
        Next
      </button>
    </nav>
  );
}
