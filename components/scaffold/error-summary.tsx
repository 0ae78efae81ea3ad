"use client";

import { useEffect, useRef } from "react";
export interface SummaryError {
  /** DOM id of the control the message belongs to; null for errors that belong to no field. */
  targetId: string | null;
  label: string;
  message: string;
}

/**
 * The list of problems above a form, each linking to its field. It takes focus when it appears
 * so keyboard and screen reader users learn why nothing happened.
 */
export function ErrorSummary({ errors, title = "Fix these problems first" }: { errors: SummaryError[]; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const count = errors.length;
  useEffect(() => {
    if (count > 0) ref.current?.focus();
  }, [count]);
  if (count === 0) return null;
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="alert"
      aria-labelledby="error-summary-title"
      data-testid="error-summary"
      className="rounded-md border border-danger-line bg-danger-soft p-4 text-sm text-danger"
    >
      <h2 id="error-summary-title" className="font-semibold">
        {title}
      </h2>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        {errors.map((error, i) => (
          <li key={`${error.targetId ?? "form"}-${i}`}>
            {error.targetId ? (
              <a
                className="underline"
                href={`#${error.targetId}`}
                onClick={(e) => {
                  const target = document.getElementById(error.targetId!);
                  if (!target) return;
                  e.preventDefault();
                  target.scrollIntoView({ block: "center" });
                  target.focus();
                }}
              >
                {error.label}: {error.message}
              </a>
            ) : (
              <span>
                {error.label}: {error.message}
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
