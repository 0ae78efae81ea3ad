"use client";

import { useEffect } from "react";

/**
 * Portal pages may come back from the back/forward cache (next.config.mjs). When one does,
 * it is hidden until the session is confirmed, and reloaded (so the server sends the visitor to
 * sign in) when the session has ended since, e.g. after a sign-out on a shared computer.
 */
export function SessionGuard() {
  useEffect(() => {
    const onPageShow = (event: PageTransitionEvent) => {
      if (!event.persisted) return;
      const root = document.documentElement;
      root.style.visibility = "hidden";
      fetch("/api/auth/session", { cache: "no-store" })
        .then((response) => (response.ok ? (response.json() as Promise<{ user?: unknown } | null>) : null))
        .then((session) => {
          if (session?.user) root.style.visibility = "";
          else location.reload();
        })
        .catch(() => location.reload());
    };
    window.addEventListener("pageshow", onPageShow);
    return () => window.removeEventListener("pageshow", onPageShow);
  }, []);
  return null;
}
