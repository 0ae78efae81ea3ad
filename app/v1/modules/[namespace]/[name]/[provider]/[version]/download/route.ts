// GET /v1/modules/:namespace/:name/:provider/:version/download – registry protocol: 204 with X-Terraform-Get naming the git source at the tag
import { resolveRegistryDownload } from "@/lib/catalogue/resolve-registry-download";
import { getDb } from "@/lib/platform/db";
import { getEnv } from "@/lib/platform/env";
import { withPublicRoute } from "@/lib/platform/http/with-route";

export const dynamic = "force-dynamic";

export const GET = withPublicRoute<{ namespace: string; name: string; provider: string; version: string }>(async ({ params }) => {
  const source = await resolveRegistryDownload(getDb(), { ...params, gitUrl: getEnv().GITHUB_GIT_URL });
  return new Response(null, { status: 204, headers: { "X-Terraform-Get": source } });
});
