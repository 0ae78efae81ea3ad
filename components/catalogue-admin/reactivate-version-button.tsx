"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { describeFieldErrors } from "./describe-field-errors";
import type { SetVersionStatus } from "./version-status-actions";

/** Clears a version's deprecation or vulnerability flag, from the admin's list of flagged versions. */
export function ReactivateVersionButton({ versionId, label, setStatus }: { versionId: string; label: string; setStatus: SetVersionStatus }) {
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button
        type="button"
        variant="secondary"
        className="px-2 py-1 text-xs"
        disabled={pending}
        aria-label={`Reactivate ${label}`}
        onClick={() =>
          startTransition(async () => {
            const result = await setStatus({ versionId, action: "reactivate" });
            setMessage(result.ok ? null : describeFieldErrors(result.error));
          })
        }
      >
        {pending ? "Saving…" : "Reactivate"}
      </Button>
      <span role="status" className="text-xs text-danger">
        {message ?? ""}
      </span>
    </span>
  );
}
