import type { DecisionFormLabels } from "@/components/shared/decision-form";

/** What vending's decision form says: a reason is optional to approve, required to reject. */
export const accountSetDecisionLabels: DecisionFormLabels = {
  formLabel: "Decision",
  reasonHint: "Optional to approve, required to reject.",
  missingReason: { approve: null, reject: "Say why you reject the request: the requester reads it" },
  minReasonLength: 3,
  maxReasonLength: 2000,
  decided: { approve: "Approved. Vending starts now.", reject: "Rejected. The requester sees your reason." },
};
