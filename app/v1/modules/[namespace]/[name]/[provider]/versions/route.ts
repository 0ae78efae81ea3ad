// GET /v1/modules/:namespace/:name/:provider/versions – registry protocol: every fetchable version of a catalogue module
import { getCatalogueDeps } from "@/lib/catalogue/catalogue-deps";
import { listRegistryVersions } from "@/lib/catalogue/list-registry-versions";
import { withPublicRoute } from "@/lib/platform/http/with-route";

export const dynamic = "force-dynamic";

export const GET = withPublicRoute<{ namespace: string; name: string; provider: string }>(async ({ params }) =>
  listRegistryVersions(getCatalogueDeps(), params),
);
