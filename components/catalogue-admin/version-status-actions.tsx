"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import type { ModuleVersionSummary } from "@/lib/catalogue/catalogue-views";
import type { SetVersionStatusInput } from "@/lib/catalogue/set-version-status";
import { ADVISORY_SEVERITIES, DEFAULT_VULNERABLE_DEADLINE_DAYS } from "@/lib/catalogue/version-status-params";
import type { ActionResult } from "@/lib/platform/http/define-action";
import { describeFieldErrors, fieldErrorMap } from "./describe-field-errors";

/** The server action that changes a version's status (the page passes it in). */
export type SetVersionStatus = (input: SetVersionStatusInput) => Promise<ActionResult<{ ok: boolean }>>;

type Action = "deprecate" | "flag-vulnerable" | "reactivate";

const submitLabel: Record<Action, (version: string) => string> = {
  deprecate: (v) => `Deprecate ${v}`,
  "flag-vulnerable": (v) => `Flag ${v} vulnerable`,
  reactivate: (v) => `Reactivate ${v}`,
};

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * An admin's status actions for one version, on the module page: deprecate with a reason, flag
 * vulnerable (advisory, severity, link, fixing version, deadline), or make it active again.
 * A toggle opens the form under the version's row.
 */
export function VersionStatusActions({
  version,
  newerVersions,
  setStatus,
}: {
  version: Pick<ModuleVersionSummary, "id" | "version" | "status" | "statusReason" | "severity" | "advisoryUrl" | "fixedIn" | "upgradeDeadline">;
  /** Versions after this one that are not withdrawn: candidates for "fixed in". */
  newerVersions: string[];
  setStatus: SetVersionStatus;
}) {
  const router = useRouter();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [action, setAction] = useState<Action>(version.status === "deprecated" ? "flag-vulnerable" : "deprecate");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  if (version.status === "withdrawn") return null;
  const actions: Array<[Action, string]> = [
    ["deprecate", "Deprecate"],
    ["flag-vulnerable", "Flag vulnerable"],
    ...(version.status === "active" ? [] : ([["reactivate", "Reactivate (clear the status)"]] as Array<[Action, string]>)),
  ];
  /** Field props of one input: its stable id and the server's error for it. */
  const field = (name: string) => ({ id: `${id}-${name}`, error: errors[name] });

  return (
    <>
      <Button
        type="button"
        variant="secondary"
        className="ml-auto px-2 py-1 text-xs"
        aria-expanded={open}
        aria-controls={`${id}-form`}
        onClick={() => setOpen((value) => !value)}
      >
        {open ? "Close" : `Change status of ${version.version}`}
      </Button>
      {open ? (
        <form
          id={`${id}-form`}
          aria-label={`Change the status of ${version.version}`}
          className="order-2 mt-1 grid basis-full gap-3 rounded-md border border-line p-3 sm:grid-cols-2"
          onSubmit={(event) => {
            event.preventDefault();
            const data = new FormData(event.currentTarget);
            const text = (name: string) => String(data.get(name) ?? "");
            startTransition(async () => {
              const result = await setStatus({
                versionId: version.id,
                action,
                reason: text("reason"),
                severity: action === "flag-vulnerable" ? (text("severity") as SetVersionStatusInput["severity"]) : undefined,
                advisoryUrl: action === "flag-vulnerable" ? text("advisoryUrl") : undefined,
                fixedIn: action === "flag-vulnerable" ? text("fixedIn") : undefined,
                upgradeDeadline: action === "reactivate" ? undefined : text("upgradeDeadline"),
              });
              if (result.ok) {
                setErrors({});
                setMessage({ tone: "ok", text: `Saved: ${version.version} is ${action === "reactivate" ? "active" : action === "deprecate" ? "deprecated" : "flagged vulnerable"}.` });
                router.refresh();
                return;
              }
              setErrors(fieldErrorMap(result.error));
              setMessage({ tone: "error", text: describeFieldErrors(result.error) });
            });
          }}
        >
          <Field id={`${id}-action`} label="Action">
            {(control) => (
              <Select {...control} value={action} onChange={(e) => setAction(e.target.value as Action)}>
                {actions.map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          {action === "flag-vulnerable" ? (
            <Field label="Severity" {...field("severity")}>
              {(control) => (
                <Select {...control} name="severity" defaultValue={version.severity ?? ""}>
                  <option value="">Pick one</option>
                  {ADVISORY_SEVERITIES.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          ) : null}
          {action !== "reactivate" ? (
            <Field label={action === "deprecate" ? "Reason" : "Advisory"} className="sm:col-span-2" {...field("reason")}>
              {(control) => (
                <Textarea
                  {...control}
                  name="reason"
                  rows={2}
                  defaultValue={version.statusReason ?? ""}
                  placeholder={action === "deprecate" ? "e.g. Use 2.x: it replaces azs with subnets." : "e.g. The default security group allows all egress; upgrade to 2.1.1."}
                />
              )}
            </Field>
          ) : null}
          {action === "flag-vulnerable" ? (
            <>
              <Field label="Advisory link (https, optional)" {...field("advisoryUrl")}>
                {(control) => <Input {...control} name="advisoryUrl" type="url" defaultValue={version.advisoryUrl ?? ""} placeholder="https://www.cve.org/CVERecord?id=CVE-2026-1234" />}
              </Field>
              <Field label="Fixed in" {...field("fixedIn")}>
                {(control) => (
                  <Select {...control} name="fixedIn" defaultValue={version.fixedIn ?? ""}>
                    <option value="">Not fixed yet</option>
                    {newerVersions.map((v) => (
                      <option key={v} value={v}>
                        {v}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
            </>
          ) : null}
          {action !== "reactivate" ? (
            <Field label={`Upgrade deadline${action === "deprecate" ? " (optional)" : ""}`} {...field("upgradeDeadline")}>
              {(control) => (
                <Input
                  {...control}
                  key={action}
                  name="upgradeDeadline"
                  type="date"
                  defaultValue={version.upgradeDeadline?.slice(0, 10) ?? (action === "flag-vulnerable" ? inDays(DEFAULT_VULNERABLE_DEADLINE_DAYS) : "")}
                />
              )}
            </Field>
          ) : null}
          <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
            <Button type="submit" variant={action === "reactivate" ? "secondary" : "danger"} disabled={pending}>
              {pending ? "Saving…" : submitLabel[action](version.version)}
            </Button>
            <p role="status" className={`text-sm ${message?.tone === "error" ? "text-danger" : "text-success"}`}>
              {message?.text ?? ""}
            </p>
          </div>
        </form>
      ) : null}
    </>
  );
}
