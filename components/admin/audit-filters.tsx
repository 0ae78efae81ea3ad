import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import type { AuditFilter } from "@/lib/platform/audit/audit-filter";

const inputClasses =
  "mt-1 w-full rounded-md border border-line-strong bg-raised px-2 py-1.5 text-sm";

/** A time as <input type="datetime-local"> shows it: minutes, no zone (the form says UTC). */
const toLocalInput = (time: Date | undefined) => (time ? time.toISOString().slice(0, 16) : "");

function Field({ label, hint, children }: { label: string; hint?: string; children: (id: string) => React.ReactNode }) {
  const id = `audit-filter-${label.toLowerCase().replace(/[^a-z]+/g, "-")}`;
  return (
    <div className="text-sm">
      <label htmlFor={id} className="block text-fg-muted">
        {label}
      </label>
      {children(id)}
      {hint ? <p className="mt-0.5 text-xs text-fg-subtle">{hint}</p> : null}
    </div>
  );
}

export interface AuditFiltersProps {
  /** The page the form submits to (GET): the filters live in its URL. */
  action: string;
  filter: AuditFilter;
  subjectTypes: ReadonlyArray<{ type: string; label: string }>;
  /** The filtered set as CSV, when this reader may export. */
  exportHref?: string;
  /** Parameters the view keeps whatever the filters (e.g. the workload of a lead's view). */
  fixed?: Record<string, string>;
}

/**
 * The audit log's filters as a plain GET form, so that every filtered view is a URL (shareable,
 * bookmarkable, working without JavaScript), with the export of the same set beside it.
 */
export function AuditFilters({ action, filter, subjectTypes, exportHref, fixed = {} }: AuditFiltersProps) {
  const clearHref = Object.keys(fixed).length > 0 ? `${action}?${new URLSearchParams(fixed)}` : action;
  return (
    <form role="search" aria-label="Filter the audit log" method="get" action={action} className="mb-4 rounded-lg border border-line bg-raised p-4">
      {Object.entries(fixed).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Field label="Actor" hint="Name, username or user id">
          {(id) => <input id={id} name="actor" type="search" defaultValue={filter.actor ?? ""} className={inputClasses} />}
        </Field>
        <Field label="Action" hint="An action or its start, e.g. auth.">
          {(id) => <input id={id} name="action" type="search" defaultValue={filter.action ?? ""} className={inputClasses} />}
        </Field>
        <Field label="Subject type">
          {(id) => (
            <select id={id} name="subjectType" defaultValue={filter.subjectType ?? ""} className={inputClasses}>
              <option value="">Any</option>
              {subjectTypes.map((t) => (
                <option key={t.type} value={t.type}>
                  {t.label}
                </option>
              ))}
              {filter.subjectType && !subjectTypes.some((t) => t.type === filter.subjectType) ? (
                <option value={filter.subjectType}>{filter.subjectType}</option>
              ) : null}
            </select>
          )}
        </Field>
        <Field label="Subject id">
          {(id) => <input id={id} name="subjectId" type="search" defaultValue={filter.subjectId ?? ""} className={inputClasses} />}
        </Field>
        <Field label="From (UTC)" hint="Inclusive">
          {(id) => <input id={id} name="from" type="datetime-local" defaultValue={toLocalInput(filter.from)} className={inputClasses} />}
        </Field>
        <Field label="Before (UTC)" hint="Exclusive">
          {(id) => <input id={id} name="to" type="datetime-local" defaultValue={toLocalInput(filter.to)} className={inputClasses} />}
        </Field>
        <Field label="Request id">
          {(id) => <input id={id} name="requestId" type="search" defaultValue={filter.requestId ?? ""} className={inputClasses} />}
        </Field>
      </div>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <button type="submit" className={buttonClasses("primary")}>
          Apply filters
        </button>
        <Link href={clearHref} className={buttonClasses("ghost")}>
          Clear
        </Link>
        {exportHref ? (
          <a href={exportHref} className={buttonClasses("secondary", "ml-auto")} download>
            Export CSV
          </a>
        ) : null}
      </div>
    </form>
  );
}
