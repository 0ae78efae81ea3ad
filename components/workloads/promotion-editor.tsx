"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { isDeepEqual } from "@/lib/hcl/input-value";
import type { ActionResult } from "@/lib/platform/http/define-action";
import type { PromoteUnitInput, PromotionPreview, ScaffoldOutcome, ScaffoldVersionAdvisory, ScaffoldVersionChoice } from "@/lib/scaffold";
import { isEnvAllowedForVulnerable } from "@/lib/scaffold/core/decide-vulnerable-version";
import type { FormModel } from "@/lib/scaffold/core/build-form-model";
import { ErrorSummary, type SummaryError } from "@/components/scaffold/error-summary";
import { FileContent, FileDiff } from "@/components/scaffold/file-diff";
import { anchorErrors, createDraft, fieldDomId, listFieldPaths, readDraft, sortByForm, validateDraft, type DraftError, type DraftMap, type FormChecks } from "@/components/scaffold/form-draft";
import { useFormChecks } from "@/components/scaffold/load-form-checks";
import { InputForm } from "@/components/scaffold/input-form";
import type { LoadVersionForm } from "@/components/scaffold/scaffold-editor";
import { AcknowledgeVulnerability, VulnerabilityAdvisory } from "@/components/scaffold/vulnerability-advisory";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Select } from "@/components/ui/select";

export interface PromotionEditorProps {
  workload: string;
  from: { unitPath: string; env: string; region: string; unitName: string; inputs: Record<string, unknown>; moduleVersionId: string; version: string | null };
  toEnv: "stage" | "prod";
  /** Region folders of the target env in the consumer repo. */
  regions: readonly string[];
  versions: ScaffoldVersionChoice[];
  form: FormModel;
  /** The file the promotion would write, with its diff against the source env's file. */
  preview: (input: PromoteUnitInput) => Promise<ActionResult<PromotionPreview>>;
  promote: (input: PromoteUnitInput) => Promise<ActionResult<ScaffoldOutcome>>;
  loadForm: LoadVersionForm;
  /** The module's name, for the advisory. */
  moduleName: string;
  /** The advisory of the unit's current version when it is flagged vulnerable. */
  advisory: ScaffoldVersionAdvisory | null;
  /** Whether the viewer may put a vulnerable version into prod (admins). */
  vulnerableProdAllowed: boolean;
}

const ACK_ID = "promote-acknowledge-vulnerability";

interface Reviewed {
  submit: PromoteUnitInput;
  changed: string[];
  preview: PromotionPreview;
}

/**
 * "Promote to stage/prod": the unit's inputs prefilled, env-specific edits, another version if
 * wanted, a review of what the PR will change, then the PR. Unchanged, the unit is copied byte
 * for byte (only `?ref=` moves when the version changes).
 */
export function PromotionEditor(props: PromotionEditorProps) {
  const router = useRouter();
  const [region, setRegion] = useState(props.regions.includes(props.from.region) ? props.from.region : (props.regions[0] ?? props.from.region));
  const [versionId, setVersionId] = useState(props.from.moduleVersionId);
  // Set when the server says a unit already exists at the target path.
  const [targetExists, setTargetExists] = useState(false);
  const [replaceExisting, setReplaceExisting] = useState(false);
  const [form, setForm] = useState(props.form);
  const [drafts, setDrafts] = useState<DraftMap>(() => createDraft(props.form, props.from.inputs));
  const [errors, setErrors] = useState<DraftError[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [reviewed, setReviewed] = useState<Reviewed | null>(null);
  const [pending, startTransition] = useTransition();
  const [done, setDone] = useState(false);
  // The parser-based checks load when the form first takes focus; Review waits for them.
  const formChecks = useFormChecks();
  const [advisory, setAdvisory] = useState(props.advisory);
  const [acknowledged, setAcknowledged] = useState(false);
  const [ackError, setAckError] = useState<string | null>(null);
  const toUnitPath = `${props.toEnv}/${region}/${props.from.unitName}/terragrunt.hcl`;
  const known = useMemo(() => listFieldPaths(form, drafts), [form, drafts]);
  const anchored = useMemo(() => anchorErrors(errors, known), [errors, known]);
  const summary: SummaryError[] = [
    ...sortByForm([...anchored.entries()], known).flatMap(([path, messages]) => messages.map((message) => ({ targetId: known.has(path) ? fieldDomId(path) : null, label: known.get(path) ?? path, message }))),
    ...(ackError ? [{ targetId: ACK_ID, label: "Vulnerable version", message: ackError }] : []),
    ...(formError ? [{ targetId: null, label: "Request", message: formError }] : []),
  ];
  const version = props.versions.find((v) => v.id === versionId);
  const vulnerable = advisory ? { module: props.moduleName, version: version?.version ?? props.from.version ?? "", advisory } : null;
  // A vulnerable version goes to prod only with an admin: the form says so instead of failing later.
  const prodBlocked = vulnerable !== null && !isEnvAllowedForVulnerable(props.toEnv, props.vulnerableProdAllowed);
  const fixedVersion = advisory?.fixedInVersionId ? props.versions.find((v) => v.id === advisory.fixedInVersionId) : undefined;

  /** The server's refusal, on the fields it names (the target unit's existence on the "Replace" box). */
  function showError(error: { message: string; fieldErrors?: Array<{ path: string; message: string }> }) {
    setReviewed(null);
    if (error.fieldErrors?.some((e) => e.path === "replaceExisting")) setTargetExists(true);
    // The vulnerability refusals repeat the message; it shows once, as the request's error.
    const fieldErrors = (error.fieldErrors ?? []).filter((e) => e.path !== "acknowledgeVulnerability" && e.path !== "env");
    setErrors(fieldErrors.map((e) => ({ path: e.path.replace(/^(values|inputs)\./, ""), message: e.message })));
    setFormError(error.message);
  }

  function onReview() {
    startTransition(async () => {
      let checks: FormChecks;
      try {
        checks = await formChecks.load();
      } catch {
        setFormError("The form's checks did not load. Check your connection and press Review promotion again.");
        return;
      }
      await review(checks);
    });
  }

  async function review(checks: FormChecks) {
    const { values, references, errors: found } = validateDraft(form, drafts, checks);
    setErrors(found);
    setFormError(null);
    const ackMissing = vulnerable !== null && !acknowledged;
    setAckError(ackMissing ? `Confirm that you have read the advisory of ${vulnerable.module} ${vulnerable.version}, or pick another version` : null);
    if (found.length > 0 || ackMissing || prodBlocked) return;
    const inputsChanged = !isDeepEqual(values, props.from.inputs);
    const changed = [...new Set([...Object.keys(values), ...Object.keys(props.from.inputs)])].filter((k) => !isDeepEqual(values[k], props.from.inputs[k])).sort();
    const submit: PromoteUnitInput = {
      workload: props.workload,
      unitPath: props.from.unitPath,
      toEnv: props.toEnv,
      ...(region !== props.from.region ? { region } : {}),
      ...(versionId !== props.from.moduleVersionId ? { moduleVersionId: versionId } : {}),
      ...(inputsChanged ? { inputs: values, references } : {}),
      ...(replaceExisting ? { replaceExisting: true } : {}),
      ...(vulnerable ? { acknowledgeVulnerability: acknowledged } : {}),
      idempotencyKey: crypto.randomUUID(),
    };
    // The server renders the file exactly as the PR will write it, after the same checks.
    const outcome = await props.preview(submit);
    if (!outcome.ok) return showError(outcome.error);
    setReviewed({ changed, submit, preview: outcome.data });
  }

  function onPromote() {
    if (!reviewed || pending || done) return;
    startTransition(async () => {
      const outcome = await props.promote(reviewed.submit);
      if (!outcome.ok) return showError(outcome.error);
      setDone(true);
      router.push(`/scaffold/${outcome.data.id}`);
    });
  }

  function onVersionChange(next: string) {
    setVersionId(next);
    setReviewed(null);
    setAcknowledged(false);
    setAckError(null);
    startTransition(async () => {
      let keep: Record<string, unknown>;
      try {
        keep = readDraft(form, drafts, await formChecks.load()).values;
      } catch {
        return setFormError("The form's checks did not load. Check your connection and choose the version again.");
      }
      const outcome = await props.loadForm(next);
      if (!outcome.ok) return setFormError(outcome.error.message);
      const names = new Set(outcome.data.form.fields.map((f) => f.name));
      setForm(outcome.data.form);
      setAdvisory(outcome.data.advisory);
      setDrafts(createDraft(outcome.data.form, Object.fromEntries(Object.entries(keep).filter(([k]) => names.has(k)))));
      setErrors([]);
    });
  }

  return (
    <form
      noValidate
      className="space-y-6"
      onFocus={formChecks.warm}
      onSubmit={(e) => {
        e.preventDefault();
        onReview();
      }}
    >
      <ErrorSummary errors={summary} />
      <Card aria-labelledby="promote-where">
        <h2 id="promote-where" className="text-base font-semibold">
          From {props.from.env} to {props.toEnv}
        </h2>
        <div className="mt-4 grid gap-4 sm:grid-cols-3">
          <div>
            <p className="text-sm font-medium">Unit</p>
            <p className="mt-1 font-mono text-xs break-all">{props.from.unitPath}</p>
          </div>
          <div>
            <label htmlFor="promote-region" className="block text-sm font-medium">
              Region in {props.toEnv}
            </label>
            <Select
              id="promote-region"
              className="mt-1"
              value={region}
              onChange={(e) => {
                setRegion(e.target.value);
                setReviewed(null);
              }}
            >
              {(props.regions.includes(region) ? props.regions : [region, ...props.regions]).map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </Select>
            <p className="mt-1 text-xs text-fg-subtle">
              New unit path: <code data-testid="promote-unit-path">{toUnitPath}</code>
            </p>
          </div>
          <div>
            <label htmlFor="promote-version" className="block text-sm font-medium">
              Module version
            </label>
            <Select id="promote-version" className="mt-1" value={versionId} onChange={(e) => onVersionChange(e.target.value)} disabled={pending}>
              {props.versions.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.version}
                  {v.id === props.from.moduleVersionId ? " (same as now)" : ""}
                  {v.status !== "active" ? ` (${v.status})` : ""}
                </option>
              ))}
            </Select>
          </div>
        </div>
      </Card>

      {vulnerable ? (
        <Card aria-labelledby="promote-vulnerable" data-testid="vulnerable-version">
          <h2 id="promote-vulnerable" className="text-base font-semibold">
            This version is flagged vulnerable
          </h2>
          <VulnerabilityAdvisory
            id="promote-advisory"
            info={vulnerable}
            fixedInHint={fixedVersion ? `Pick ${fixedVersion.version} under Module version above.` : undefined}
          />
          {fixedVersion ? (
            <Button type="button" variant="secondary" className="mt-3" disabled={pending} onClick={() => onVersionChange(fixedVersion.id)}>
              Promote with {fixedVersion.version} instead
            </Button>
          ) : null}
          {prodBlocked ? (
            <Alert tone="warning" role="note" className="mt-3" data-testid="vulnerable-prod-note" title={`Only a platform admin may promote a vulnerable version to ${props.toEnv}`}>
              <p className="mt-1">
                Pick {fixedVersion ? fixedVersion.version : "a version that is not vulnerable"} under Module version, or ask a platform admin to promote this unit.
              </p>
            </Alert>
          ) : (
            <AcknowledgeVulnerability
              id={ACK_ID}
              info={vulnerable}
              describedBy="promote-advisory"
              checked={acknowledged}
              error={ackError ?? undefined}
              onChange={(next) => {
                setAcknowledged(next);
                if (next) setAckError(null);
                setReviewed(null);
              }}
            />
          )}
        </Card>
      ) : null}

      <Card aria-labelledby="promote-inputs">
        <h2 id="promote-inputs" className="text-base font-semibold">
          Inputs for {props.toEnv}
        </h2>
        <p className="mt-1 text-sm text-fg-muted">Prefilled from the {props.from.env} unit. Change what differs in {props.toEnv}, such as names, sizes and CIDR blocks.</p>
        <div className="mt-4">
          <InputForm
            form={form}
            drafts={drafts}
            errors={anchored}
            onChange={(next) => {
              setDrafts(next);
              setReviewed(null);
            }}
          />
        </div>
      </Card>

      {targetExists ? (
        <label className="flex items-start gap-2 rounded-md bg-warning-soft p-3 text-sm text-warning">
          <input
            type="checkbox"
            className="mt-0.5"
            checked={replaceExisting}
            onChange={(e) => {
              setReplaceExisting(e.target.checked);
              setReviewed(null);
            }}
          />
          <span>
            Replace the existing unit at <code>{toUnitPath}</code>. Its {props.toEnv}-specific inputs will be overwritten by
            the ones above.
          </span>
        </label>
      ) : null}

      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant={reviewed ? "secondary" : "primary"} disabled={pending || prodBlocked}>
          {reviewed ? "Review again" : "Review promotion"}
        </Button>
        <p className="text-sm text-fg-muted">Nothing is written until you create the pull request.</p>
      </div>

      {reviewed ? (
        <section aria-labelledby="promote-review" className="space-y-3" data-testid="promotion-review">
          <h2 id="promote-review" className="text-lg font-semibold">
            Review
          </h2>
          <ul className="space-y-1 text-sm">
            <li>
              Copies <code>{props.from.unitPath}</code> to <code>{toUnitPath}</code>
            </li>
            <li>
              Version: {props.from.version ?? "current"}
              {reviewed.submit.moduleVersionId ? (
                <>
                  {" "}
                  → <Badge tone="amber">{version?.version}</Badge> (only <code>?ref=</code> changes unless inputs change too)
                </>
              ) : (
                " (unchanged)"
              )}
            </li>
            {reviewed.submit.acknowledgeVulnerability ? (
              <li>
                <Badge tone="red">Vulnerable</Badge> You confirmed the advisory of {vulnerable?.module} {vulnerable?.version}; the confirmation is audited with the request.
              </li>
            ) : null}
            <li>
              {reviewed.changed.length === 0 ? (
                "Inputs unchanged: the file is copied byte for byte."
              ) : (
                <>
                  Changed inputs: {reviewed.changed.map((k) => <code key={k} className="mr-1">{k}</code>)}. The unit is re-rendered with these inputs.
                </>
              )}
            </li>
          </ul>
          <div className="space-y-2" data-testid="promotion-file">
            <h3 className="text-sm font-semibold">
              <code className="break-all">{reviewed.preview.unitPath}</code> compared with <code className="break-all">{reviewed.preview.sourcePath}</code>
            </h3>
            {reviewed.preview.diffFromSource ? (
              <FileDiff diff={reviewed.preview.diffFromSource} label={`Changes from ${reviewed.preview.sourcePath} to ${reviewed.preview.unitPath}`} />
            ) : (
              <p className="text-sm text-fg-muted">Identical to the {props.from.env} file.</p>
            )}
            {reviewed.preview.existing ? (
              <>
                <h3 className="text-sm font-semibold">Replaces the existing {props.toEnv} file</h3>
                <FileDiff diff={reviewed.preview.existing.diff} label={`Changes to the existing ${reviewed.preview.unitPath}`} />
              </>
            ) : null}
            <details>
              <summary className="cursor-pointer text-sm text-fg-muted">The whole file to be written</summary>
              <div className="mt-2">
                <FileContent content={reviewed.preview.content} label={`Contents of ${reviewed.preview.unitPath}`} />
              </div>
            </details>
          </div>
          <Button type="button" onClick={onPromote} disabled={pending || done}>
            {pending || done ? "Creating pull request…" : "Create promotion pull request"}
          </Button>
        </section>
      ) : null}
    </form>
  );
}
