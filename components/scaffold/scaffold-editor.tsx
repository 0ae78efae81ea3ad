"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/platform/http/define-action";
import type { CreateScaffoldInput, ScaffoldInput, ScaffoldOutcome, ScaffoldPreview, ScaffoldTargetWorkload, ScaffoldVersionAdvisory, ScaffoldVersionChoice } from "@/lib/scaffold";
import type { FormModel } from "@/lib/scaffold/core/build-form-model";
import { isEnvAllowedForVulnerable, VULNERABLE_ADMIN_ONLY_ENV } from "@/lib/scaffold/core/decide-vulnerable-version";
import { buildUnitPath, checkUnitName } from "@/lib/scaffold/core/derive-unit-path";
import type { WorkloadEnv } from "@/lib/workloads/core/workload-envs";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { ErrorSummary, type SummaryError } from "./error-summary";
import { FileContent, FileDiff } from "./file-diff";
import { anchorErrors, createDraft, fieldDomId, listFieldPaths, readDraft, revalidateChangedFields, sortByForm, validateDraft, type DraftError, type DraftMap, type FormChecks } from "./form-draft";
import { useFormChecks } from "./load-form-checks";
import { InputForm } from "./input-form";
import { AcknowledgeVulnerability, VulnerabilityAdvisory, type VulnerableVersionInfo } from "./vulnerability-advisory";

/** Loads the generated form of another module version (a server action). */
export type LoadVersionForm = (moduleVersionId: string) => Promise<ActionResult<{ form: FormModel; advisory: ScaffoldVersionAdvisory | null }>>;

export interface ScaffoldEditorProps {
  /** "create" scaffolds a new unit; "promote" copies a unit to the next env. */
  kind: "create" | "promote";
  workloads: ScaffoldTargetWorkload[];
  initialWorkload?: string;
  envs: readonly WorkloadEnv[];
  initialEnv?: WorkloadEnv;
  initialRegion?: string;
  versions: ScaffoldVersionChoice[];
  initialVersionId: string;
  form: FormModel;
  initialValues?: Record<string, unknown>;
  initialUnitName: string;
  /** The unit name is fixed (promotion keeps the unit's folder name). */
  unitNameLocked?: boolean;
  allowStyleChoice?: boolean;
  preview: (input: ScaffoldInput) => Promise<ActionResult<ScaffoldPreview>>;
  submit: (input: CreateScaffoldInput) => Promise<ActionResult<ScaffoldOutcome>>;
  /** Loads the form of another version (only when `versions` offers a choice). */
  loadForm?: LoadVersionForm;
  /**
   * Set when the version is flagged vulnerable: the form shows the advisory and a required
   * confirmation, and offers prod only when `prodAllowed` (admins).
   */
  vulnerability?: (VulnerableVersionInfo & { prodAllowed: boolean; fixedInHref: string | null }) | null;
}

const META = {
  workload: "scaffold-workload",
  env: "scaffold-env",
  region: "scaffold-region",
  unitName: "scaffold-unit-name",
  moduleVersionId: "scaffold-version",
  style: "scaffold-style",
  acknowledgeVulnerability: "scaffold-acknowledge-vulnerability",
} as const;
const META_LABELS: Record<keyof typeof META, string> = {
  workload: "Workload",
  env: "Environment",
  region: "Region",
  unitName: "Unit name",
  moduleVersionId: "Module version",
  style: "File style",
  acknowledgeVulnerability: "Vulnerable version",
};

/** The env's region folders, else every region of the repo, else the default region. */
function regionsFor(workload: ScaffoldTargetWorkload | undefined, env: string): readonly string[] {
  const byEnv = workload?.regionsByEnv?.[env];
  if (byEnv && byEnv.length > 0) return byEnv;
  return workload?.regions.length ? workload.regions : ["eu-west-1"];
}

interface Previewed {
  input: ScaffoldInput;
  result: Extract<ScaffoldPreview, { ok: true }>;
  /** One key per preview: a double click or a retry of the same preview never opens two PRs. */
  idempotencyKey: string;
}

/**
 * Where the unit goes (workload, env, region, unit name, style), the generated input form,
 * "Preview" (exact files and diff against the repo, collision choice) and "Create pull
 * request". Nothing is written before the last step.
 */
export function ScaffoldEditor(props: ScaffoldEditorProps) {
  const router = useRouter();
  const [workload, setWorkload] = useState(props.initialWorkload ?? props.workloads[0]?.slug ?? "");
  const current = props.workloads.find((w) => w.slug === workload);
  const vulnerability = props.vulnerability ?? null;
  const envAllowed = (e: string) => !vulnerability || isEnvAllowedForVulnerable(e, vulnerability.prodAllowed);
  const [env, setEnv] = useState<WorkloadEnv>(() => {
    const wanted = props.initialEnv ?? props.envs[0] ?? "dev";
    return envAllowed(wanted) ? wanted : (props.envs.find(envAllowed) ?? "dev");
  });
  const [acknowledged, setAcknowledged] = useState(false);
  const [region, setRegion] = useState(props.initialRegion ?? regionsFor(current, env)[0] ?? "eu-west-1");
  const [unitName, setUnitName] = useState(props.initialUnitName);
  const [style, setStyle] = useState<"terragrunt" | "terraform">("terragrunt");
  const [versionId, setVersionId] = useState(props.initialVersionId);
  const [form, setForm] = useState(props.form);
  const [drafts, setDrafts] = useState<DraftMap>(() => createDraft(props.form, props.initialValues));
  const [fieldErrors, setFieldErrors] = useState<DraftError[]>([]);
  /** Set by the first Preview: from then on an input is checked again whenever it changes. */
  const [checked, setChecked] = useState(false);
  const [metaErrors, setMetaErrors] = useState<Partial<Record<keyof typeof META, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [previewed, setPreviewed] = useState<Previewed | null>(null);
  const [mode, setMode] = useState<"create" | "update" | null>(null);
  const [previewPending, startPreview] = useTransition();
  const [submitPending, startSubmit] = useTransition();
  const [versionPending, startVersion] = useTransition();
  const [submitted, setSubmitted] = useState(false);
  // The parser-based checks load when the form first takes focus, and Preview waits for them.
  const formChecks = useFormChecks();

  const regions = regionsFor(current, env);
  const knownPaths = useMemo(() => listFieldPaths(form, drafts), [form, drafts]);
  const anchored = useMemo(() => anchorErrors(fieldErrors, knownPaths), [fieldErrors, knownPaths]);
  const unitNameProblem = checkUnitName(unitName.trim());
  const unitPath = region && !unitNameProblem ? buildUnitPath({ env, region, unit: unitName.trim() }) : null;

  /** Any edit makes the preview stale: what is created must be what was previewed. */
  const invalidate = () => {
    setPreviewed(null);
    setMode(null);
  };

  const summary: SummaryError[] = [
    ...Object.entries(metaErrors).map(([key, message]) => ({ targetId: META[key as keyof typeof META], label: META_LABELS[key as keyof typeof META], message: message ?? "" })),
    ...sortByForm([...anchored.entries()], knownPaths).flatMap(([path, messages]) =>
      messages.map((message) => ({ targetId: knownPaths.has(path) ? fieldDomId(path) : null, label: knownPaths.get(path) ?? path, message })),
    ),
    ...(formError ? [{ targetId: null, label: "Request", message: formError }] : []),
  ];

  function collectInput(checks: FormChecks): ScaffoldInput | null {
    const meta: Partial<Record<keyof typeof META, string>> = {};
    if (!workload) meta.workload = "Choose a workload";
    if (unitNameProblem) meta.unitName = unitNameProblem;
    if (!region) meta.region = "Choose a region";
    if (vulnerability && !envAllowed(env)) meta.env = `Only a platform admin may put a vulnerable version into ${env}`;
    if (vulnerability && !acknowledged) meta.acknowledgeVulnerability = `Confirm that you have read the advisory of ${vulnerability.module} ${vulnerability.version}, or use another version`;
    const { values, references, errors } = validateDraft(form, drafts, checks);
    setChecked(true);
    setMetaErrors(meta);
    setFieldErrors(errors);
    setFormError(null);
    if (Object.keys(meta).length > 0 || errors.length > 0) return null;
    return { workload, moduleVersionId: versionId, env, region, unitName: unitName.trim(), style, values, references, ...(vulnerability ? { acknowledgeVulnerability: acknowledged } : {}) };
  }

  /** Splits server errors: request fields (zod paths) vs. input values (validate-inputs paths). */
  function showServerError(error: { code: string; message: string; fieldErrors?: { path: string; message: string }[] }) {
    const meta: Partial<Record<keyof typeof META, string>> = {};
    const values: DraftError[] = [];
    for (const fe of error.fieldErrors ?? []) {
      if (fe.path in META) meta[fe.path as keyof typeof META] = fe.message;
      else values.push({ path: fe.path.replace(/^(values|inputs)\./, ""), message: fe.message });
    }
    setMetaErrors(meta);
    setFieldErrors(values);
    setFormError(error.fieldErrors?.length ? null : error.message);
  }

  function onPreview() {
    startPreview(async () => {
      let checks: FormChecks;
      try {
        checks = await formChecks.load();
      } catch {
        setFormError("The form's checks did not load. Check your connection and press Preview again.");
        return;
      }
      const input = collectInput(checks);
      if (!input) return;
      const outcome = await props.preview(input);
      if (!outcome.ok) return showServerError(outcome.error);
      if (!outcome.data.ok) {
        setFieldErrors(outcome.data.fieldErrors.map((e) => ({ path: e.path.replace(/^(values|inputs)\./, ""), message: e.message })));
        return;
      }
      setPreviewed({ input, result: outcome.data, idempotencyKey: crypto.randomUUID() });
      setMode(outcome.data.collision ? null : "create");
    });
  }

  function onSubmit() {
    if (!previewed || !mode || submitPending || submitted) return;
    startSubmit(async () => {
      const outcome = await props.submit({ ...previewed.input, idempotencyKey: previewed.idempotencyKey, mode });
      if (!outcome.ok) return showServerError(outcome.error);
      setSubmitted(true);
      router.push(`/scaffold/${outcome.data.id}`);
    });
  }

  function onVersionChange(next: string) {
    setVersionId(next);
    invalidate();
    if (!props.loadForm) return;
    startVersion(async () => {
      let keep: Record<string, unknown>;
      try {
        keep = readDraft(form, drafts, await formChecks.load()).values;
      } catch {
        return setFormError("The form's checks did not load. Check your connection and choose the version again.");
      }
      const outcome = await props.loadForm!(next);
      if (!outcome.ok) return setFormError(outcome.error.message);
      const names = new Set(outcome.data.form.fields.map((f) => f.name));
      setForm(outcome.data.form);
      setDrafts(createDraft(outcome.data.form, Object.fromEntries(Object.entries(keep).filter(([k]) => names.has(k)))));
      setFieldErrors([]);
    });
  }

  const metaProps = (key: keyof typeof META) => ({
    id: META[key],
    "aria-invalid": metaErrors[key] ? true : undefined,
    "aria-describedby": metaErrors[key] ? `${META[key]}-error` : undefined,
  });
  const metaError = (key: keyof typeof META) =>
    metaErrors[key] ? (
      <p id={`${META[key]}-error`} className="mt-1 text-sm text-danger">
        {metaErrors[key]}
      </p>
    ) : null;

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onPreview();
      }}
      className="space-y-6"
      aria-busy={previewPending || submitPending}
      onFocus={formChecks.warm}
    >
      <ErrorSummary errors={summary} />

      {vulnerability ? (
        <Card aria-labelledby="vulnerable-heading" data-testid="vulnerable-version">
          <h2 id="vulnerable-heading" className="text-base font-semibold">
            This version is flagged vulnerable
          </h2>
          <VulnerabilityAdvisory id="scaffold-advisory" info={vulnerability} fixedInHref={vulnerability.fixedInHref} />
          <AcknowledgeVulnerability
            id={META.acknowledgeVulnerability}
            info={vulnerability}
            describedBy="scaffold-advisory"
            checked={acknowledged}
            error={metaErrors.acknowledgeVulnerability}
            onChange={(next) => {
              setAcknowledged(next);
              if (next) setMetaErrors(({ acknowledgeVulnerability: _, ...rest }) => rest);
              invalidate();
            }}
          />
        </Card>
      ) : null}

      <Card aria-labelledby="where-heading">
        <h2 id="where-heading" className="text-base font-semibold">
          Where
        </h2>
        <div className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <div>
            <label htmlFor={META.workload} className="block text-sm font-medium">
              Workload
            </label>
            <Select
              {...metaProps("workload")}
              className="mt-1"
              value={workload}
              disabled={props.workloads.length < 2}
              onChange={(e) => {
                const next = props.workloads.find((w) => w.slug === e.target.value);
                setWorkload(e.target.value);
                setRegion(regionsFor(next, env)[0] ?? "eu-west-1");
                invalidate();
              }}
            >
              {props.workloads.map((w) => (
                <option key={w.slug} value={w.slug}>
                  {w.name}
                </option>
              ))}
            </Select>
            {current?.consumerRepo ? <p className="mt-1 font-mono text-xs text-fg-subtle">{current.consumerRepo}</p> : null}
            {metaError("workload")}
          </div>
          <div>
            <label htmlFor={META.env} className="block text-sm font-medium">
              Environment
            </label>
            <Select
              {...metaProps("env")}
              aria-describedby={[metaErrors.env ? `${META.env}-error` : null, vulnerability && !vulnerability.prodAllowed ? `${META.env}-vulnerable` : null].filter(Boolean).join(" ") || undefined}
              className="mt-1"
              value={env}
              disabled={props.envs.length < 2}
              onChange={(e) => {
                const nextEnv = e.target.value as WorkloadEnv;
                setEnv(nextEnv);
                const options = regionsFor(current, nextEnv);
                if (!options.includes(region)) setRegion(options[0] ?? region);
                invalidate();
              }}
            >
              {props.envs.map((e) => (
                <option key={e} value={e} disabled={!envAllowed(e)}>
                  {e}
                  {envAllowed(e) ? "" : " (admins only for a vulnerable version)"}
                </option>
              ))}
            </Select>
            {vulnerability && !vulnerability.prodAllowed ? (
              <p id={`${META.env}-vulnerable`} className="mt-1 text-xs text-fg-muted" data-testid="vulnerable-prod-note">
                {VULNERABLE_ADMIN_ONLY_ENV} is closed: {vulnerability.module} {vulnerability.version} is flagged vulnerable, and only a platform admin may put it into {VULNERABLE_ADMIN_ONLY_ENV}.
                {vulnerability.advisory.fixedIn ? ` Use ${vulnerability.advisory.fixedIn} for ${VULNERABLE_ADMIN_ONLY_ENV}.` : ""}
              </p>
            ) : null}
            {metaError("env")}
          </div>
          <div>
            <label htmlFor={META.region} className="block text-sm font-medium">
              Region
            </label>
            <Select
              {...metaProps("region")}
              className="mt-1"
              value={region}
              onChange={(e) => {
                setRegion(e.target.value);
                invalidate();
              }}
            >
              {(regions.includes(region) ? regions : [region, ...regions]).map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </Select>
            {metaError("region")}
          </div>
          {props.versions.length > 1 ? (
            <div>
              <label htmlFor={META.moduleVersionId} className="block text-sm font-medium">
                Module version
              </label>
              <Select {...metaProps("moduleVersionId")} className="mt-1" value={versionId} disabled={versionPending} onChange={(e) => onVersionChange(e.target.value)}>
                {props.versions.map((v) => (
                  <option key={v.id} value={v.id}>
                    {v.version}
                    {v.id === props.initialVersionId ? " (current)" : ""}
                    {v.status !== "active" ? ` (${v.status})` : ""}
                  </option>
                ))}
              </Select>
              {metaError("moduleVersionId")}
            </div>
          ) : null}
          <div>
            <label htmlFor={META.unitName} className="block text-sm font-medium">
              Unit name
            </label>
            <Input
              {...metaProps("unitName")}
              className="mt-1 font-mono"
              value={unitName}
              readOnly={props.unitNameLocked}
              aria-describedby={[metaErrors.unitName ? `${META.unitName}-error` : null, `${META.unitName}-path`].filter(Boolean).join(" ")}
              onChange={(e) => {
                setUnitName(e.target.value);
                invalidate();
              }}
            />
            <p id={`${META.unitName}-path`} className="mt-1 text-xs text-fg-subtle">
              {unitPath ? (
                <>
                  Unit path: <code data-testid="unit-path">{unitPath}</code>
                </>
              ) : (
                (unitNameProblem ?? "")
              )}
            </p>
            {metaError("unitName")}
          </div>
          {props.allowStyleChoice ? (
            <fieldset>
              <legend className="block text-sm font-medium">File style</legend>
              <div className="mt-2 space-y-1 text-sm">
                {(
                  [
                    ["terragrunt", "Terragrunt unit (terragrunt.hcl)"],
                    ["terraform", "Plain Terraform module block"],
                  ] as const
                ).map(([value, label]) => (
                  <label key={value} className="flex items-center gap-2">
                    <input
                      type="radio"
                      name="style"
                      className="accent-accent-solid"
                      checked={style === value}
                      onChange={() => {
                        setStyle(value);
                        invalidate();
                      }}
                    />
                    {label}
                  </label>
                ))}
              </div>
            </fieldset>
          ) : null}
        </div>
      </Card>

      <Card aria-labelledby="inputs-heading">
        <h2 id="inputs-heading" className="text-base font-semibold">
          Inputs
        </h2>
        <p className="mt-1 text-sm text-fg-muted">Required inputs come first. Inputs you leave empty keep the module&apos;s default and are not written.</p>
        <div className="mt-4" aria-busy={versionPending}>
          <InputForm
            form={form}
            drafts={drafts}
            errors={anchored}
            onChange={(next) => {
              // Checked is set by a Preview, which has loaded the checks.
              if (checked && formChecks.checks) setFieldErrors(revalidateChangedFields(form, drafts, next, fieldErrors, formChecks.checks));
              setDrafts(next);
              invalidate();
            }}
          />
        </div>
      </Card>

      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant={previewed ? "secondary" : "primary"} disabled={previewPending || versionPending}>
          {previewPending ? "Previewing…" : previewed ? "Preview again" : "Preview"}
        </Button>
        <p className="text-sm text-fg-muted" aria-live="polite">
          {previewed ? "Review the files below, then create the pull request." : "Nothing is written until you create the pull request."}
        </p>
      </div>

      {previewed ? (
        <PreviewPanel
          previewed={previewed}
          kind={props.kind}
          mode={mode}
          onModeChange={setMode}
          onSubmit={onSubmit}
          pending={submitPending || submitted}
        />
      ) : null}
    </form>
  );
}

function PreviewPanel({
  previewed,
  kind,
  mode,
  onModeChange,
  onSubmit,
  pending,
}: {
  previewed: Previewed;
  kind: "create" | "promote";
  mode: "create" | "update" | null;
  onModeChange: (mode: "create" | "update") => void;
  onSubmit: () => void;
  pending: boolean;
}) {
  const { result } = previewed;
  return (
    <section aria-labelledby="preview-heading" className="space-y-4" data-testid="scaffold-preview">
      <h2 id="preview-heading" className="text-lg font-semibold">
        Preview
      </h2>
      <p className="text-sm">
        Unit path: <code data-testid="preview-unit-path">{result.unitPath}</code>
      </p>
      {result.collision ? (
        <div role="status" className="rounded-md border border-warning-line bg-warning-soft p-4 text-sm text-warning">
          <p className="font-semibold">A unit already exists at {result.collision.unitPath}</p>
          {result.collision.source ? (
            <p className="mt-1 font-mono text-xs break-all">
              {result.collision.source}
              {result.collision.ref ? ` (ref ${result.collision.ref})` : ""}
            </p>
          ) : null}
          <p className="mt-2">Change the unit name above for a new unit, or update the existing unit with these inputs.</p>
          <label className="mt-2 flex items-center gap-2">
            <input type="checkbox" className="accent-accent-solid" checked={mode === "update"} onChange={(e) => onModeChange(e.target.checked ? "update" : "create")} />
            Update the existing unit instead
          </label>
        </div>
      ) : null}
      {result.notes.length > 0 ? (
        <div className="rounded-md border border-line p-4 text-sm">
          <p className="font-medium">Checked at plan time, not by the portal</p>
          <ul className="mt-1 list-disc space-y-1 pl-5 text-fg-muted">
            {result.notes.map((note) => (
              <li key={`${note.path}-${note.condition}`}>
                <code>{note.path}</code>: {note.errorMessage} <code className="text-xs break-all">{note.condition}</code>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {result.files.map((file) => (
        <div key={file.path} className="space-y-2">
          <h3 className="flex flex-wrap items-center gap-2 text-sm font-semibold">
            <code>{file.path}</code>
            <Badge tone={file.before === null ? "green" : "amber"}>{file.before === null ? "new file" : "changed"}</Badge>
          </h3>
          <FileContent content={file.content} label={`Content of ${file.path}`} />
          {file.before !== null ? (
            <details>
              <summary className="cursor-pointer text-sm">Diff against the repo</summary>
              <FileDiff diff={file.diff} label={`Diff of ${file.path}`} />
            </details>
          ) : null}
        </div>
      ))}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="button" onClick={onSubmit} disabled={pending || mode === null} aria-describedby="create-pr-hint">
          {pending ? "Creating pull request…" : kind === "promote" ? "Create promotion pull request" : "Create pull request"}
        </Button>
        <p id="create-pr-hint" className="text-sm text-fg-muted">
          {mode === null ? "Choose a new unit name or to update the existing unit first." : "The portal's GitHub App opens the pull request in the consumer repo."}
        </p>
      </div>
    </section>
  );
}
