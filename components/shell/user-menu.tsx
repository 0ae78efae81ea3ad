"use client";

import { useEffect, useId, useRef, useState } from "react";
import { Badge } from "@/components/ui/badge";
import type { Viewer } from "@/lib/platform/auth/roles";

const roleTone = { admin: "red", lead: "amber", builder: "brand" } as const;

/** Name and role at a glance; details and sign-out behind a keyboard-friendly menu. */
export function UserMenu({ viewer, signOutAction }: { viewer: Viewer; signOutAction: () => Promise<void> }) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpen(false);
    };
    const onClick = (event: MouseEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    window.addEventListener("keydown", onKey);
    window.addEventListener("mousedown", onClick);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener("mousedown", onClick);
    };
  }, [open]);
  return (
    <div ref={root} className="relative">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((v) => !v)}
        className="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-tint"
      >
        <span aria-hidden="true" className="grid size-7 place-items-center rounded-full bg-accent-solid text-xs font-semibold text-white">
          {viewer.name.slice(0, 1).toUpperCase()}
        </span>
        <span className="hidden font-medium sm:inline" data-testid="user-name">
          {viewer.name}
        </span>
        <Badge tone={roleTone[viewer.role]}>
          <span data-testid="user-role">{viewer.role}</span>
        </Badge>
      </button>
      {open ? (
        <div
          id={menuId}
          className="absolute right-0 z-40 mt-2 w-72 rounded-lg border border-line bg-raised p-4 text-sm shadow-lg"
        >
          <p className="font-medium">{viewer.name}</p>
          <p className="text-fg-muted">
            @{viewer.username}
            {viewer.email ? ` · ${viewer.email}` : ""}
          </p>
          <p className="mt-3 text-xs font-semibold tracking-wide text-fg-subtle uppercase">Workloads</p>
          {viewer.workloads.length === 0 ? (
            <p className="text-fg-muted">
              {viewer.role === "admin" ? "All workloads (platform admin)" : "None yet"}
            </p>
          ) : (
            <ul className="mt-1 space-y-1">
              {viewer.workloads.map((w) => (
                <li key={w.slug} className="flex justify-between">
                  <span>{w.name}</span>
                  <span className="text-fg-subtle">{w.role}</span>
                </li>
              ))}
            </ul>
          )}
          <form action={signOutAction} className="mt-4 border-t border-line pt-3">
            <button type="submit" className="w-full rounded-md px-3 py-2 text-left font-medium hover:bg-tint">
              Sign out
            </button>
          </form>
        </div>
      ) : null}
    </div>
  );
}
