"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { CancelTagChangeFn, IdActionFn } from "./action-types";

/** An admin applies the failed accounts of a change again. */
export function RetryTagChangeButton({ requestId, retry }: { requestId: string; retry: IdActionFn }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-2">
      <Button
        type="button"
        variant="secondary"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            setError(null);
            const result = await retry({ id: requestId });
            if (!result.ok) setError(result.error.message);
            else router.refresh();
          })
        }
      >
        {pending ? "Retrying…" : "Retry the failed accounts"}
      </Button>
      {error ? <Alert tone="error">{error}</Alert> : null}
    </div>
  );
}

/** Withdraws a request that is not under way, with a reason. */
export function CancelTagChangeForm({ requestId, cancel }: { requestId: string; cancel: CancelTagChangeFn }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  if (!open) {
    return (
      <Button type="button" variant="ghost" onClick={() => setOpen(true)}>
        Cancel the request…
      </Button>
    );
  }
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        startTransition(async () => {
          setError(null);
          const result = await cancel({ id: requestId, reason: reason.trim() });
          if (!result.ok) setError(result.error.fieldErrors?.[0]?.message ?? result.error.message);
          else router.refresh();
        });
      }}
    >
      <Field id={`cancel-${requestId}`} label="Why cancel?" error={error} className="min-w-0 flex-1">
        {(control) => <Input {...control} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} />}
      </Field>
      <Button type="submit" variant="danger" disabled={pending}>
        {pending ? "Cancelling…" : "Cancel the request"}
      </Button>
    </form>
  );
}

/** Reloads the page's data every two seconds while `active`, so an apply is followed live. */
export function RefreshWhile({ active, intervalMs = 2_000 }: { active: boolean; intervalMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs, router]);
  return active ? (
    <p className="text-xs text-fg-muted" role="status">
      Applying in AWS; this page follows it.
    </p>
  ) : null;
}
