"use client";

import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";

/** Copies text with the async clipboard API, falling back to a hidden textarea and execCommand. */
async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return;
    } catch {
      // Permission denied or unfocused document: try the old way below.
    }
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  if (!ok) throw new Error("copy failed");
}

/** A copy button with a visible and announced "Copied" confirmation. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2_000);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        type="button"
        variant="secondary"
        className="px-2 py-1 text-xs"
        aria-label={label}
        onClick={() => copyText(text).then(() => setState("copied"), () => setState("failed"))}
      >
        {state === "copied" ? "Copied" : "Copy"}
      </Button>
      <span role="status" aria-live="polite" className="text-xs text-fg-muted">
        {state === "copied" ? "Copied to clipboard" : state === "failed" ? "Copy failed: select the text and copy it by hand" : ""}
      </span>
    </span>
  );
}
