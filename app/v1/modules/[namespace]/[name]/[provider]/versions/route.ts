// GET /v1/modules/:namespace/:name/:provider/versions – registry protocol: every fetchable version of a catalogue module
import { listRegistryVersions } from "@/lib/catalogue/list-registry-versions";
import { getDb } from "@/lib/platform/db";
import { withPublicRoute } from "@/lib/platform/http/with-route";

export const dynamic = "force-dynamic";

export const GET = withPublicRoute<{ namespace: string; name: string; provider: string }>(async ({ params }) =>
  listRegistryVersions(getDb(), params),
);
