"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/textarea";
import { splitErrors, type DecideTagChangeFn } from "./action-types";

/** An admin approves or rejects a tag change with a reason (required both ways: it goes on the record). */
export function TagChangeDecision({ requestId, decide }: { requestId: string; decide: DecideTagChangeFn }) {
  const router = useRouter();
  const fieldId = `decide-${requestId}-reason`;
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(decision: "approve" | "reject") {
    setError(null);
    if (reason.trim() === "") {
      setReasonError(decision === "approve" ? "Give a reason for the approval: it goes on the record" : "Say why you reject it: the requester reads it");
      document.getElementById(fieldId)?.focus();
      return;
    }
    setReasonError(null);
    startTransition(async () => {
      const result = await decide({ id: requestId, decision, reason: reason.trim() });
      if (!result.ok) {
        const split = splitErrors(result.error);
        if (split.fields.reason) setReasonError(split.fields.reason);
        else setError(result.error.message);
        return;
      }
      setDone(decision === "approve" ? "Approved. The change is being applied in AWS." : "Rejected. The requester sees your reason.");
      router.refresh();
    });
  }

  if (done) return <Alert tone="success">{done}</Alert>;
  return (
    <form
      className="space-y-3"
      aria-label="Decision on the tag change"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit("approve");
      }}
    >
      <Field id={fieldId} label="Reason" hint="Required: the requester and the audit log keep it." error={reasonError} required>
        {(control) => <Textarea {...control} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} />}
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
