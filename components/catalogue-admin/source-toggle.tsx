"use client";

import { useTransition } from "react";
import { setSourceEnabledAction } from "@/app/(portal)/admin/catalogue/actions";
import { Button } from "@/components/ui/button";

/** Enables or disables a source's sync; its modules stay in the catalogue either way. */
export function SourceToggle({ sourceId, enabled, label }: { sourceId: string; enabled: boolean; label: string }) {
  const [pending, startTransition] = useTransition();
  return (
    <Button
      type="button"
      variant="ghost"
      disabled={pending}
      aria-label={`${enabled ? "Disable" : "Enable"} ${label}`}
      onClick={() => startTransition(async () => void (await setSourceEnabledAction({ sourceId, enabled: !enabled })))}
    >
      {enabled ? "Disable" : "Enable"}
    </Button>
  );
}
