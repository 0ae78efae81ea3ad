"use client";

import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/textarea";
import type { ActionResult } from "@/lib/platform/http/define-action";

export interface DecisionFormProps {
  requestId: string;
  decide: (input: { id: string; decision: "approve" | "reject"; reason: string }) => Promise<ActionResult<unknown>>;
  onDecided?: () => void;
}

/** Approve or reject a request, with a reason (required to reject: the requester reads it). */
export function DecisionForm({ requestId, decide, onDecided }: DecisionFormProps) {
  const id = useId();
  const reasonId = `${id}-reason`;
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(decision: "approve" | "reject") {
    setError(null);
    setReasonError(null);
    if (decision === "reject" && reason.trim().length < 3) {
      setReasonError("Say why you reject the request: the requester reads it");
      document.getElementById(reasonId)?.focus();
      return;
    }
    startTransition(async () => {
      const outcome = await decide({ id: requestId, decision, reason: reason.trim() });
      if (!outcome.ok) {
        const forReason = outcome.error.fieldErrors?.find((f) => f.path === "reason");
        if (forReason) setReasonError(forReason.message);
        else setError(outcome.error.message);
        return;
      }
      setDone(decision === "approve" ? "Approved. Vending starts now." : "Rejected. The requester sees your reason.");
      onDecided?.();
    });
  }

  if (done) {
    return (
      <Alert tone="success">{done}</Alert>
    );
  }
  return (
    <form
      className="space-y-3"
      aria-label="Decision"
      onSubmit={(e) => {
        e.preventDefault();
        submit("approve");
      }}
    >
      <Field id={reasonId} label="Reason" hint="Optional to approve, required to reject." error={reasonError}>
        {(control) => <Textarea {...control} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} />}
      </Field>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Approve"}
        </Button>
        <Button type="button" variant="danger" disabled={pending} onClick={() => submit("reject")}>
          Reject
        </Button>
      </div>
      {error ? <Alert tone="error">{error}</Alert> : null}
    </form>
  );
}
