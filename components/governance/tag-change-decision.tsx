"use client";

import { useRouter } from "next/navigation";
import { DecisionForm, type DecisionFormLabels } from "@/components/shared/decision-form";
import type { DecideTagChangeFn } from "./action-types";

const labels: DecisionFormLabels = {
  formLabel: "Decision on the tag change",
  reasonHint: "Required: the requester and the audit log keep it.",
  missingReason: { approve: "Give a reason for the approval: it goes on the record", reject: "Say why you reject it: the requester reads it" },
  maxReasonLength: 1000,
  decided: { approve: "Approved. The change is being applied in AWS.", reject: "Rejected. The requester sees your reason." },
};

/** An admin approves or rejects a tag change with a reason (required both ways: it goes on the record). */
export function TagChangeDecision({ requestId, decide }: { requestId: string; decide: DecideTagChangeFn }) {
  const router = useRouter();
  return <DecisionForm requestId={requestId} decide={decide} labels={labels} onDecided={() => router.refresh()} />;
}
