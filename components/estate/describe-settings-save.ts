import type { SaveEstateSettingsResult } from "@/lib/estate";

/** The saved policy is not applied to every open notice yet; said after a save and on the page. */
export const POLICY_PENDING_TEXT = "The policy is saved but not applied to every open notice yet: the next notice sweep applies it within 5 minutes.";

/** What the Admin → Estate form says after a save: how many due dates moved, and whether the policy still waits for the sweep. */
export function describeSettingsSave(result: SaveEstateSettingsResult): { tone: "success" | "warning"; text: string } {
  const moved = result.noticesUpdated;
  const changed = moved === 0 ? "No open notice changed its due date." : `${moved} open notice${moved === 1 ? "" : "s"} got a new due date.`;
  if (!result.policyPending) return { tone: "success", text: `Saved. ${changed}` };
  return { tone: "warning", text: moved === 0 ? POLICY_PENDING_TEXT : `${changed} ${POLICY_PENDING_TEXT}` };
}
