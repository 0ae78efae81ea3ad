import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { AuditFilter } from "@/lib/platform/audit/audit-filter";

/** A time as <input type="datetime-local"> shows it: minutes, no zone (the form says UTC). */
const toLocalInput = (time: Date | undefined) => (time ? time.toISOString().slice(0, 16) : "");

/** The filter's control ids, stable so that links and tests can point at them. */
const fieldId = (name: string) => `audit-filter-${name}`;

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
        <Field id={fieldId("actor")} label="Actor" hint="Name, username or user ID">
          {(control) => <Input {...control} compact name="actor" type="search" defaultValue={filter.actor ?? ""} />}
        </Field>
        <Field id={fieldId("action")} label="Action" hint="An action or its start, e.g. auth.">
          {(control) => <Input {...control} compact name="action" type="search" defaultValue={filter.action ?? ""} />}
        </Field>
        <Field id={fieldId("subject-type")} label="Subject type" hint="What the event changed">
          {(control) => (
            <Select {...control} compact name="subjectType" defaultValue={filter.subjectType ?? ""}>
              <option value="">Any</option>
              {subjectTypes.map((t) => (
                <option key={t.type} value={t.type}>
                  {t.label}
                </option>
              ))}
              {filter.subjectType && !subjectTypes.some((t) => t.type === filter.subjectType) ? <option value={filter.subjectType}>{filter.subjectType}</option> : null}
            </Select>
          )}
        </Field>
        <Field id={fieldId("subject-id")} label="Subject ID" hint="Exact match">
          {(control) => <Input {...control} compact name="subjectId" type="search" defaultValue={filter.subjectId ?? ""} />}
        </Field>
        <Field id={fieldId("from")} label="From (UTC)" hint="Inclusive">
          {(control) => <Input {...control} compact name="from" type="datetime-local" defaultValue={toLocalInput(filter.from)} />}
        </Field>
        <Field id={fieldId("before")} label="Before (UTC)" hint="Exclusive">
          {(control) => <Input {...control} compact name="to" type="datetime-local" defaultValue={toLocalInput(filter.to)} />}
        </Field>
        <Field id={fieldId("request-id")} label="Request ID" hint="From an error page or a log line">
          {(control) => <Input {...control} compact name="requestId" type="search" defaultValue={filter.requestId ?? ""} />}
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
