import { Badge } from "@/components/ui/badge";
import type { AccountRequestStatus } from "@/lib/vending/core/account-request-state";
import type { AccountSetState } from "@/lib/vending/core/account-set-state";
import { accountStatusLabels, setStateLabels } from "@/lib/vending/core/describe-progress";

type Tone = "neutral" | "brand" | "green" | "amber" | "red";

const setTones: Record<AccountSetState, Tone> = {
  requested: "amber",
  approved: "brand",
  rejected: "red",
  provisioning: "brand",
  vended: "green",
  partially_failed: "red",
  failed: "red",
};

const accountTones: Record<AccountRequestStatus, Tone> = {
  queued: "neutral",
  submitted: "brand",
  in_progress: "brand",
  succeeded: "brand",
  tagged: "brand",
  verified: "brand",
  done: "green",
  failed: "red",
  cancelled: "neutral",
};

/** The state of an account set request, as a badge with the words people read. */
export function SetStateBadge({ state }: { state: AccountSetState }) {
  return (
    <Badge tone={setTones[state]}>
      <span data-testid="set-state" data-state={state}>
        {setStateLabels[state]}
      </span>
    </Badge>
  );
}

/** The status of one account of a set, as a badge. */
export function AccountStatusBadge({ status }: { status: AccountRequestStatus }) {
  return (
    <Badge tone={accountTones[status]}>
      <span data-testid="account-status" data-status={status}>
        {accountStatusLabels[status]}
      </span>
    </Badge>
  );
}
