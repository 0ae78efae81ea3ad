import "server-only";
import type { GithubEventHandler } from "@/lib/platform/domains/domain-registry";
import { handlePullRequestWebhook } from "./handle-pull-request-webhook";
import { getScaffoldDeps } from "./scaffold-deps";

/** Entry for the `pull_request` webhook: scaffold PRs merged or closed. */
export const handleScaffoldPullRequestEvent: GithubEventHandler = (event) => handlePullRequestWebhook(getScaffoldDeps(), event);
