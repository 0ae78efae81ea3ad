"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/platform/http/define-action";

export interface AuditChainResult {
  ok: boolean;
  checked: number;
  lastId: string | null;
  broken: { id: string; reason: string; message: string } | null;
  durationMs: number;
}

/** Recomputes the audit log's hash chain on the server and names the first row that does not verify. */
export function AuditChainCheck({ verify }: { verify: () => Promise<ActionResult<AuditChainResult>> }) {
  const [result, setResult] = useState<AuditChainResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-4">
      <Button
        type="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            setError(null);
            const outcome = await verify();
            if (outcome.ok) setResult(outcome.data);
            else setError(outcome.error.message);
          })
        }
      >
        {pending ? "Verifying…" : result ? "Verify again" : "Verify the chain"}
      </Button>
      {pending ? <p className="text-sm text-fg-muted">Reading every row in id order…</p> : null}
      {error ? <Alert tone="error">{error}</Alert> : null}
      {result && result.ok ? (
        <Alert tone="success" title="The chain holds" data-testid="audit-chain-ok">
          {result.checked} rows verified, up to row {result.lastId ?? "(none)"}, in {result.durationMs} ms.
        </Alert>
      ) : null}
      {result && result.broken ? (
        <Alert tone="error" title="The chain is broken" data-testid="audit-chain-broken">
          <p>
            First broken row:{" "}
            {result.broken.id ? (
              <Link href={`/admin/audit/${result.broken.id}`} className="font-mono font-medium underline" data-testid="audit-chain-broken-row">
                {result.broken.id}
              </Link>
            ) : (
              "(none read)"
            )}{" "}
            ({result.broken.reason.replace(/_/g, " ")}).
          </p>
          <p className="mt-1">{result.broken.message}</p>
          <p className="mt-1">{result.checked} rows verified before it.</p>
        </Alert>
      ) : null}
    </div>
  );
}
