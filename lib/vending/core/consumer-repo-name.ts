import { AppError } from "@/lib/errors/app-error";

// A GitHub repository name: letters, digits, ".", "_", "-", at most 100 characters.
const REPO_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/**
 * The consumer repo generated for a new workload: `<slug>-infra`, as the demo org names its
 * consumer repos (payments-infra). Slugs are lowercase letters, digits and dashes already.
 */
export function deriveConsumerRepoName(workloadSlug: string): string {
  const name = `${workloadSlug}-infra`;
  if (!/^[a-z0-9]/.test(workloadSlug) || !REPO_NAME.test(name)) throw new AppError("INVALID_INPUT", `"${workloadSlug}" cannot name a GitHub repository`);
  return name;
}
