import { notFound } from "next/navigation";
import { ModuleView } from "@/components/catalogue/module-view";
import { moduleHref } from "@/components/catalogue/module-href";
import { buildUsageSnippets } from "@/lib/catalogue/build-usage-snippets";
import { getCatalogueDeps } from "@/lib/catalogue/catalogue-deps";
import { compareModuleVersions, findPreviousVersion } from "@/lib/catalogue/compare-module-versions";
import { getModuleDetail } from "@/lib/catalogue/get-module-detail";
import { getModuleUsage } from "@/lib/catalogue/get-module-usage";
import { isServedByRegistry } from "@/lib/catalogue/list-registry-versions";
import { renderReadme } from "@/lib/catalogue/render-readme";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { getEnv } from "@/lib/platform/env";
import { AppError } from "@/lib/errors/app-error";
import { setVersionStatusAction } from "@/app/(portal)/admin/catalogue/actions";

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
  const viewer = await requirePageViewer();
  const ref = await params;
  const query = await searchParams;
  const deps = getCatalogueDeps();
  const detail = await orNotFound(getModuleDetail(deps, { ...ref, version: first(query.version) }));
  const { module, selected, versions } = detail;

  const to = first(query.to) ?? selected.version;
  const from = first(query.from) ?? findPreviousVersion(versions, to)?.version ?? null;
  const [comparison, usage] = await Promise.all([
    from ? orNotFound(compareModuleVersions(deps, { ...ref, from, to })) : null,
    getModuleUsage(deps, { moduleId: module.id }),
  ]);

  const { gitUrl, registryHost } = deps.config;
  const location = {
    gitUrl,
    owner: module.source.owner,
    repo: module.source.repo,
    ref: selected.tag,
    modulePath: module.path,
    externalImages: getEnv().BULKHEAD_README_EXTERNAL_IMAGES,
    headingLevels: "nest" as const,
  };
  const snippets = await buildUsageSnippets({
    gitUrl,
    owner: module.source.owner,
    repo: module.source.repo,
    path: module.path,
    tag: selected.tag,
    moduleName: module.name,
    inputs: selected.docs.inputs,
    registry: registryHost
      ? { host: registryHost, namespace: module.source.owner, name: module.name, provider: module.provider, version: selected.version }
      : null,
  });
  const registryNote = !registryHost
    ? "Set BULKHEAD_PUBLIC_URL to the portal's address to show how to use this module from the portal's Terraform registry."
    : !isServedByRegistry(selected)
      ? `The registry does not offer ${selected.version} (${selected.hasErrors ? "its HCL does not parse" : "its tag was deleted"}): the constraint below picks the newest version it offers in that range.`
      : null;

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
      registryNote={registryNote}
      usage={usage}
      setVersionStatus={viewer.role === "admin" ? setVersionStatusAction : undefined}
      canScaffold={viewer.role === "admin" || viewer.workloads.length > 0}
    />
  );
}
