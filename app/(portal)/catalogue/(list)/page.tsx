import { CatalogueBrowser } from "@/components/catalogue/catalogue-browser";
import { getCatalogueDeps } from "@/lib/catalogue/catalogue-deps";
import { searchModules } from "@/lib/catalogue/search-modules";
import { parseSearchParams } from "@/lib/catalogue/search-modules-query";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";

export const metadata = { title: "Catalogue" };

export default async function CataloguePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requirePageViewer();
  const query = parseSearchParams(await searchParams);
  const initial = await searchModules(getCatalogueDeps(), query);
  // The page header is in layout.tsx, outside the loading boundary.
  return <CatalogueBrowser initialQuery={query} initialResult={initial} viewerIsAdmin={viewer.role === "admin"} />;
}
