"use client";

import { useId, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/textarea";
import type { ActionResult } from "@/lib/platform/http/define-action";

export type Decision = "approve" | "reject";

/** What a decision form says: the one place where vending's and governance's forms differ. */
export interface DecisionFormLabels {
  /** The form's accessible name. */
  formLabel: string;
  /** Under the reason box. */
  reasonHint: string;
  /** Shown when the reason is too short for this decision; null when any reason (or none) will do. */
  missingReason: Record<Decision, string | null>;
  /** Fewest characters a required reason has. */
  minReasonLength?: number;
  maxReasonLength: number;
  /** Shown in place of the form once the decision is saved. */
  decided: Record<Decision, string>;
}

export interface DecisionFormProps {
  requestId: string;
  decide: (input: { id: string; decision: Decision; reason: string }) => Promise<ActionResult<unknown>>;
  labels: DecisionFormLabels;
  onDecided?: (decision: Decision) => void;
}

/**
 * Approve or reject a request with a reason. The reason is checked here only for presence (so
 * the admin hears it at once); the server's check is authoritative and its field error on
 * `reason` is shown under the box.
 */
export function DecisionForm({ requestId, decide, labels, onDecided }: DecisionFormProps) {
  const reasonId = `${useId()}-reason`;
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(decision: Decision) {
    setError(null);
    setReasonError(null);
    const missing = labels.missingReason[decision];
    if (missing !== null && reason.trim().length < (labels.minReasonLength ?? 1)) {
      setReasonError(missing);
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
      setDone(labels.decided[decision]);
      onDecided?.(decision);
    });
  }

  if (done) return <Alert tone="success">{done}</Alert>;
  const reasonRequired = labels.missingReason.approve !== null && labels.missingReason.reject !== null;
  return (
    <form
      className="space-y-3"
      aria-label={labels.formLabel}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit("approve");
      }}
    >
      <Field id={reasonId} label="Reason" hint={labels.reasonHint} error={reasonError} required={reasonRequired}>
        {(control) => <Textarea {...control} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={labels.maxReasonLength} />}
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
