// POST /api/github/webhooks – GitHub App webhooks, verified on the raw body, then routed to the domain that handles each event
import { handleGithubEvent } from "@/lib/platform/github/handle-github-event";
import { readGithubAppConfig } from "@/lib/platform/github/github-app";
import { verifyWebhook } from "@/lib/platform/github/verify-webhook";
import { withPublicRoute } from "@/lib/platform/http/with-route";
import { registerDomains } from "@/lib/register-domains";

export const dynamic = "force-dynamic";

export const POST = withPublicRoute(async ({ request }) => {
  // This bundle may not share instrumentation.ts's modules; registering again replaces each domain with itself.
  registerDomains();
  const rawBody = await request.text();
  const event = await verifyWebhook({ secret: readGithubAppConfig().webhookSecret, headers: request.headers, rawBody });
  const outcome = await handleGithubEvent(event);
  return Response.json({ received: event.id, ...outcome }, { status: 202 });
});
