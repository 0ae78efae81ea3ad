"use client";

import { useEffect, useId, useState } from "react";
import { NavLinks, type NavLink } from "./nav-links";

/** The navigation behind a menu button on narrow screens. */
export function MobileNav({ links }: { links: NavLink[] }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpen(false);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);
  return (
    <div className="md:hidden">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((v) => !v)}
        className="rounded-md p-2 text-fg-muted hover:bg-tint"
      >
        <span className="sr-only">{open ? "Close navigation" : "Open navigation"}</span>
        <svg aria-hidden="true" viewBox="0 0 20 20" className="size-5" fill="currentColor">
          {open ? (
            <path d="M5.3 4 10 8.7 14.7 4 16 5.3 11.3 10l4.7 4.7-1.3 1.3L10 11.3 5.3 16 4 14.7 8.7 10 4 5.3z" />
          ) : (
            <path d="M3 5h14v2H3zm0 4h14v2H3zm0 4h14v2H3z" />
          )}
        </svg>
      </button>
      {open ? (
        <nav
          id={panelId}
          aria-label="Sections"
          className="absolute inset-x-0 top-14 z-30 border-b border-line bg-raised p-3 shadow-lg"
        >
          <NavLinks links={links} onNavigate={() => setOpen(false)} />
        </nav>
      ) : null}
    </div>
  );
}
