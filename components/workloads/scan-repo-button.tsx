"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ManualScanResult } from "@/lib/estate";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { describeScan } from "./describe-scan";

/**
 * Scans the workload's consumer repo now (`POST /api/workloads/:slug/scan`, the estate scan the
 * schedule and push webhooks run): records what every unit uses, resolves notices a merge
 * satisfied, then reloads the page and says what it found.
 */
export function ScanRepoButton({ slug }: { slug: string }) {
  const router = useRouter();
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="mt-3 space-y-2">
      <Button
        type="button"
        variant="secondary"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            setError(null);
            setResult(null);
            try {
              const response = await fetch(`/api/workloads/${encodeURIComponent(slug)}/scan`, { method: "POST", headers: { accept: "application/json" } });
              const body = (await response.json().catch(() => null)) as (ManualScanResult & { error?: { message?: string } }) | null;
              if (!response.ok || !body) {
                setError(body?.error?.message ?? `The scan failed (HTTP ${response.status}).`);
                return;
              }
              setResult(describeScan(body));
              router.refresh();
            } catch {
              setError("The portal could not be reached; try again.");
            }
          })
        }
      >
        {pending ? "Scanning…" : "Scan the repo now"}
      </Button>
      {result ? (
        <p role="status" className="text-sm text-fg-muted" data-testid="workload-scan-result">
          {result}
        </p>
      ) : null}
      {error ? <Alert tone="error">{error}</Alert> : null}
    </div>
  );
}
