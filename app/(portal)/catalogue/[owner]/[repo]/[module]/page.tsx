import { notFound } from "next/navigation";
import { ModuleView } from "@/components/catalogue/module-view";
import { moduleHref } from "@/components/catalogue/module-href";
import { buildUsageSnippets } from "@/lib/catalogue/build-usage-snippets";
import { getCatalogueDeps } from "@/lib/catalogue/catalogue-deps";
import { compareModuleVersions, findPreviousVersion } from "@/lib/catalogue/compare-module-versions";
import { getModuleDetail } from "@/lib/catalogue/get-module-detail";
import { renderReadme } from "@/lib/catalogue/render-readme";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { AppError } from "@/lib/errors/app-error";

type Params = { owner: string; repo: string; module: string };
type SearchParams = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;

async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: { params: Promise<Params> }) {
  const { module } = await params;
  return { title: `${module} · Catalogue` };
}

/** `/catalogue/<owner>/<repo>/<module>?version=1.2.0&from=1.1.0&to=1.2.0` */
export default async function ModulePage({ params, searchParams }: { params: Promise<Params>; searchParams: Promise<SearchParams> }) {
  await requirePageViewer();
  const ref = await params;
  const query = await searchParams;
  const deps = getCatalogueDeps();
  const detail = await orNotFound(getModuleDetail(deps, { ...ref, version: first(query.version) }));
  const { module, selected, versions } = detail;

  const to = first(query.to) ?? selected.version;
  const from = first(query.from) ?? findPreviousVersion(versions, to)?.version ?? null;
  const comparison = from ? await orNotFound(compareModuleVersions(deps, { ...ref, from, to })) : null;

  const { gitUrl } = deps.config;
  const location = { gitUrl, owner: module.source.owner, repo: module.source.repo, ref: selected.tag, modulePath: module.path, headingLevels: "nest" as const };
  const snippets = await buildUsageSnippets({
    gitUrl,
    owner: module.source.owner,
    repo: module.source.repo,
    path: module.path,
    tag: selected.tag,
    moduleName: module.name,
    inputs: selected.docs.inputs,
  });

  return (
    <ModuleView
      detail={detail}
      href={moduleHref({ owner: module.source.owner, repo: module.source.repo, name: module.name })}
      sourceUrl={`${gitUrl}/${module.source.owner}/${module.source.repo}`}
      readmeHtml={selected.docs.readme ? renderReadme(selected.docs.readme, location) : null}
      comparison={comparison}
      changelogHtml={(comparison?.changelog ?? []).map((entry) => ({
        version: entry.version,
        html: renderReadme(entry.markdown, { ...location, topHeadingLevel: 4 }),
      }))}
      snippets={snippets}
    />
  );
}
