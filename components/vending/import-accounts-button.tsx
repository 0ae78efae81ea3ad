"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/platform/http/define-action";

/** Admins: read every account from AWS Organizations now instead of waiting for the schedule. */
export function ImportAccountsButton({ run }: { run: () => Promise<ActionResult<{ seen: number; created: number; updated: number; linked: number }>> }) {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button
        type="button"
        variant="secondary"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const outcome = await run();
            setMessage(outcome.ok ? `Read ${outcome.data.seen} accounts: ${outcome.data.created} new, ${outcome.data.linked} linked to workloads.` : outcome.error.message);
            router.refresh();
          })
        }
      >
        {pending ? "Importing…" : "Import from Organizations"}
      </Button>
      {message ? (
        <p role="status" className="text-sm">
          {message}
        </p>
      ) : null}
    </div>
  );
}
