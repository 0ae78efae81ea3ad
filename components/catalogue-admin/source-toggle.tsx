"use client";

import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/platform/http/define-action";

/** The server action that switches a source's sync (the page passes it in). */
export type SetSourceEnabled = (input: { sourceId: string; enabled: boolean }) => Promise<ActionResult<{ enabled: boolean }>>;

/** Enables or disables a source's sync; its modules stay in the catalogue either way. */
export function SourceToggle({ sourceId, enabled, label, setEnabled }: { sourceId: string; enabled: boolean; label: string; setEnabled: SetSourceEnabled }) {
  const [pending, startTransition] = useTransition();
  return (
    <Button
      type="button"
      variant="ghost"
      disabled={pending}
      aria-label={`${enabled ? "Disable" : "Enable"} ${label}`}
      onClick={() => startTransition(async () => void (await setEnabled({ sourceId, enabled: !enabled })))}
    >
      {enabled ? "Disable" : "Enable"}
    </Button>
  );
}
