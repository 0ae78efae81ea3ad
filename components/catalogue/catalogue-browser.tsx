"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useId, useMemo, useState } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { FacetValue, SearchModulesResult } from "@/lib/catalogue/catalogue-views";
import { resolveSort, toSearchParams, type SearchModulesQuery } from "@/lib/catalogue/search-modules-params";
import { MODULE_STATUS_FILTERS } from "@/lib/catalogue/version-status-params";
import { ModuleCard } from "./module-card";
import { Pagination } from "./pagination";

const DEBOUNCE_MS = 150;

async function fetchModules(params: string, signal: AbortSignal): Promise<SearchModulesResult> {
  const response = await fetch(`/api/catalogue/modules?${params}`, { signal, headers: { accept: "application/json" } });
  const body = (await response.json().catch(() => null)) as (SearchModulesResult & { error?: { message: string } }) | null;
  if (!response.ok || !body) throw new Error(body?.error?.message ?? `The catalogue could not be searched (${response.status}).`);
  return body;
}

/**
 * The catalogue list: search as you type, filters, sort and pages. The URL holds the whole
 * state, so a search can be shared or bookmarked; the first page comes from the server.
 */
export function CatalogueBrowser({
  initialQuery,
  initialResult,
  viewerIsAdmin,
}: {
  initialQuery: SearchModulesQuery;
  initialResult: SearchModulesResult;
  viewerIsAdmin: boolean;
}) {
  const pathname = usePathname();
  const statusId = useId();
  const filtersId = useId();
  // Below lg the filters fold away behind a toggle, so the results start on the first screen.
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [query, setQuery] = useState(initialQuery);
  const [text, setText] = useState(initialQuery.q ?? "");
  const initialParams = useMemo(() => toSearchParams(initialQuery).toString(), [initialQuery]);
  const params = toSearchParams(query).toString();

  // Debounce typing; every other control applies at once.
  useEffect(() => {
    const trimmed = text.trim();
    if (trimmed === (query.q ?? "")) return;
    const timer = setTimeout(() => setQuery((q) => ({ ...q, q: trimmed || undefined, page: 1 })), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, query.q]);

  // The native history API updates the URL (and useSearchParams) without re-rendering the
  // server page for every keystroke; the list itself comes from the JSON route.
  useEffect(() => {
    const target = params ? `${pathname}?${params}` : pathname;
    if (`${window.location.pathname}${window.location.search}` !== target) window.history.replaceState(null, "", target);
  }, [params, pathname]);

  const search = useQuery({
    queryKey: ["catalogue-search", params],
    queryFn: ({ signal }) => fetchModules(params, signal),
    placeholderData: keepPreviousData,
    initialData: params === initialParams ? initialResult : undefined,
    staleTime: 10_000,
  });
  const result = search.data;
  const update = (patch: Partial<SearchModulesQuery>) => setQuery((q) => ({ ...q, page: 1, ...patch }));
  const clearFilters = () => {
    setText("");
    setQuery({ page: 1, pageSize: query.pageSize });
  };
  const hasFilters = Boolean(query.q || query.provider || query.category || query.source || query.owner || query.status);
  const activeFilters = [query.provider, query.category, query.source, query.owner, query.status].filter(Boolean).length;
  const sort = resolveSort(query);
  const busy = search.isFetching && search.isPlaceholderData;

  return (
    <div className="grid gap-6 lg:grid-cols-[16rem_1fr]">
      <form role="search" aria-label="Search modules" className="space-y-4" onSubmit={(e) => e.preventDefault()}>
        <Field label="Search">
          {(control) => (
            <Input
              {...control}
              compact
              type="search"
              name="q"
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder="Name, input, README…"
              autoComplete="off"
              data-testid="catalogue-search"
            />
          )}
        </Field>
        <Button type="button" variant="secondary" className="w-full lg:hidden" aria-expanded={filtersOpen} aria-controls={filtersId} onClick={() => setFiltersOpen((open) => !open)}>
          {`Filters and sort${activeFilters > 0 ? ` (${activeFilters} on)` : ""}`}
        </Button>
        <div id={filtersId} className={filtersOpen ? "space-y-4" : "hidden space-y-4 lg:block"}>
          <FacetSelect label="Provider" value={query.provider} values={result?.facets.providers ?? []} onChange={(provider) => update({ provider })} />
          <FacetSelect label="Category" value={query.category} values={result?.facets.categories ?? []} onChange={(category) => update({ category })} />
          <FacetSelect label="Source" value={query.source} values={result?.facets.sources ?? []} onChange={(source) => update({ source })} />
          <FacetSelect label="Owner" value={query.owner} values={result?.facets.owners ?? []} onChange={(owner) => update({ owner })} />
          <fieldset>
            <legend className="text-sm font-medium text-fg">Status</legend>
            <div className="mt-1 flex flex-col gap-1 text-sm">
              <label className="flex items-center gap-2">
                <input type="radio" className="accent-accent-solid" name="status" checked={query.status === undefined} onChange={() => update({ status: undefined })} />
                Any
              </label>
              {MODULE_STATUS_FILTERS.map((filter) => (
                <div key={filter.value} className="flex items-start gap-2">
                  <input
                    type="radio"
                    name="status"
                    id={`${statusId}-${filter.value}`}
                    aria-describedby={`${statusId}-${filter.value}-hint`}
                    className="mt-1 accent-accent-solid"
                    checked={query.status === filter.value}
                    onChange={() => update({ status: filter.value })}
                  />
                  <span>
                    <label htmlFor={`${statusId}-${filter.value}`}>{filter.label}</label>
                    <span id={`${statusId}-${filter.value}-hint`} className="block text-xs text-fg-subtle">
                      Modules with {filter.hint}
                    </span>
                  </span>
                </div>
              ))}
            </div>
          </fieldset>
          <Field label="Sort by">
            {(control) => (
              <Select {...control} compact value={sort} onChange={(e) => update({ sort: e.target.value as SearchModulesQuery["sort"] })}>
                {query.q ? <option value="relevance">Best match</option> : null}
                <option value="name">Name</option>
                <option value="updated">Recently updated</option>
              </Select>
            )}
          </Field>
        </div>
        {hasFilters ? (
          <Button type="button" variant="secondary" className="w-full" onClick={clearFilters}>
            Clear filters
          </Button>
        ) : null}
      </form>

      <section aria-labelledby="results-heading" aria-busy={search.isFetching}>
        <div className="mb-3 flex items-baseline justify-between gap-3">
          <h2 id="results-heading" className="text-sm font-medium text-fg-muted">
            <span aria-live="polite" data-testid="catalogue-total">
              {result ? `${result.total} ${result.total === 1 ? "module" : "modules"}` : "Searching…"}
            </span>
          </h2>
          {search.isFetching ? (
            <span className="text-xs text-fg-subtle" role="status">
              Searching…
            </span>
          ) : null}
        </div>
        {search.isError ? (
          <div role="alert" className="mb-4 rounded-md bg-danger-soft p-3 text-sm text-danger">
            {search.error.message}{" "}
            <button type="button" className="underline" onClick={() => void search.refetch()}>
              Try again
            </button>
          </div>
        ) : null}
        {!result ? (
          <ResultSkeleton />
        ) : result.catalogueEmpty ? (
          <EmptyState
            title="The catalogue has no modules yet"
            action={
              viewerIsAdmin ? (
                <Link href="/admin/catalogue" className={buttonClasses("primary")}>
                  Configure module sources
                </Link>
              ) : null
            }
          >
            {viewerIsAdmin
              ? "Add a module source (a GitHub repo of modules) and run a sync; its tagged versions appear here."
              : "Modules appear once a platform admin adds a module source and it has been synced. The first sync can take a minute."}
          </EmptyState>
        ) : result.items.length === 0 ? (
          <EmptyState
            title="No modules match"
            action={
              <Button type="button" variant="secondary" onClick={clearFilters}>
                Clear filters
              </Button>
            }
          >
            {query.q ? <>Nothing matches “{query.q}” with these filters. Try fewer or shorter words.</> : "No module matches these filters."}
          </EmptyState>
        ) : (
          <>
            <ul className={busy ? "space-y-3 opacity-60 transition-opacity" : "space-y-3"} data-testid="catalogue-results">
              {result.items.map((item) => (
                <li key={item.id}>
                  <ModuleCard module={item} />
                </li>
              ))}
            </ul>
            <Pagination page={result.page} pageSize={result.pageSize} total={result.total} onChange={(page) => setQuery((q) => ({ ...q, page }))} />
          </>
        )}
      </section>
    </div>
  );
}

function FacetSelect({
  label,
  value,
  values,
  onChange,
}: {
  label: string;
  value: string | undefined;
  values: FacetValue[];
  onChange: (value: string | undefined) => void;
}) {
  // Keep the current choice listed even when the text query leaves it with no hits.
  const options = value && !values.some((v) => v.value === value) ? [...values, { value, count: 0 }] : values;
  return (
    <Field label={label}>
      {(control) => (
        <Select {...control} compact value={value ?? ""} onChange={(e) => onChange(e.target.value || undefined)}>
          <option value="">All</option>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.value} ({option.count})
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}

function ResultSkeleton() {
  return (
    <ul className="space-y-3" aria-hidden="true">
      {[0, 1, 2].map((k) => (
        <li key={k} className="h-24 animate-pulse rounded-lg border border-line bg-tint" />
      ))}
    </ul>
  );
}
