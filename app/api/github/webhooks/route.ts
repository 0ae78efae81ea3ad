// POST /api/github/webhooks – GitHub App webhooks: headers checked, body capped at 25 MB and verified, stored, then processed from the job queue
import { withPublicRoute } from "@/lib/platform/http/with-route";
import { receiveGithubWebhook } from "@/lib/platform/github/receive-github-webhook";
import { getWebhookDeps } from "@/lib/platform/github/webhook-deps";
import { registerDomains } from "@/lib/register-domains";

export const dynamic = "force-dynamic";

export const POST = withPublicRoute(async ({ request }) => {
  // This bundle may not share instrumentation.ts's modules; registering again replaces each domain with itself.
  registerDomains();
  return receiveGithubWebhook(getWebhookDeps(), request);
});
