// GET /v1/modules/:namespace/:name/:provider/:version/download – registry protocol: 204 with X-Terraform-Get naming the git source at the tag
import { getCatalogueDeps } from "@/lib/catalogue/catalogue-deps";
import { resolveRegistryDownload } from "@/lib/catalogue/resolve-registry-download";
import { withPublicRoute } from "@/lib/platform/http/with-route";

export const dynamic = "force-dynamic";

export const GET = withPublicRoute<{ namespace: string; name: string; provider: string; version: string }>(async ({ params }) => {
  const source = await resolveRegistryDownload(getCatalogueDeps(), params);
  return new Response(null, { status: 204, headers: { "X-Terraform-Get": source } });
});
