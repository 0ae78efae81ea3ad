/*
 * The steps of delivering a scaffold request, and their words: in the failure message the
 * server writes and on the status page the browser shows (zod-free, so the browser may import it).
 */

export type DeliveryStep = "base" | "commit" | "ref" | "pull" | "labels" | "reviewers";

const STEP_ACTIONS: Record<DeliveryStep, string> = {
  base: "reading the base branch",
  commit: "writing the commit",
  ref: "creating the branch",
  pull: "opening the pull request",
  labels: "adding labels",
  reviewers: "requesting reviewers",
};

/** What the delivery was doing at `step`, e.g. "opening the pull request"; unknown steps as stored, none as "delivering". */
export function describeDeliveryStep(step: string | null | undefined): string {
  if (!step) return "delivering";
  return Object.hasOwn(STEP_ACTIONS, step) ? STEP_ACTIONS[step as DeliveryStep] : step;
}
