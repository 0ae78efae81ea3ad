"use client";

import { useMemo, useState, useTransition } from "react";
import { ErrorSummary, type SummaryError } from "@/components/scaffold/error-summary";
import { anchorErrors, createDraft, fieldDomId, listFieldPaths, revalidateChangedFields, sortByForm, validateDraft, type DraftError, type DraftMap } from "@/components/scaffold/form-draft";
import { InputForm } from "@/components/scaffold/input-form";
import { useFormChecks } from "@/components/scaffold/load-form-checks";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { FormModel } from "@/lib/scaffold/core/build-form-model";
import type { UpgradeSummary } from "@/lib/estate";
import type { UpgradeRun } from "./notice-actions";

export interface UpgradeInputsFormProps {
  consumptionId: string;
  toVersionId: string;
  to: string;
  form: FormModel;
  run: UpgradeRun;
}

type Opened = UpgradeSummary;

/**
 * The scaffold form for only the inputs the target version newly requires. Values are checked in
 * the browser as the scaffold form checks them, then on the server (the scaffold's validation,
 * against those variables only) before they are written into the unit and the PR opens.
 */
export function UpgradeInputsForm({ consumptionId, toVersionId, to, form, run }: UpgradeInputsFormProps) {
  const [drafts, setDrafts] = useState<DraftMap>(() => createDraft(form));
  const [fieldErrors, setFieldErrors] = useState<DraftError[]>([]);
  const [checked, setChecked] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [opened, setOpened] = useState<Opened | null>(null);
  const [pending, startTransition] = useTransition();
  // The parser-based checks load when the form first takes focus; submitting waits for them.
  const formChecks = useFormChecks();
  const knownPaths = useMemo(() => listFieldPaths(form, drafts), [form, drafts]);
  const anchored = useMemo(() => anchorErrors(fieldErrors, knownPaths), [fieldErrors, knownPaths]);
  const summary: SummaryError[] = [
    ...sortByForm([...anchored.entries()], knownPaths).flatMap(([path, messages]) =>
      messages.map((message) => ({ targetId: knownPaths.has(path) ? fieldDomId(path) : null, label: knownPaths.get(path) ?? path, message })),
    ),
    ...(formError ? [{ targetId: null, label: "Upgrade", message: formError }] : []),
  ];

  function show(outcome: Awaited<ReturnType<UpgradeRun>>) {
    if (outcome.ok) {
      setFieldErrors([]);
      setFormError(outcome.data.status === "inputs_required" ? `${to} still needs ${outcome.data.requiredInputs.join(", ")}` : null);
      if (outcome.data.status !== "inputs_required") setOpened(outcome.data);
      return;
    }
    setFieldErrors((outcome.error.fieldErrors ?? []).map((e) => ({ path: e.path.replace(/^inputs\./, ""), message: e.message })));
    setFormError(outcome.error.fieldErrors?.length ? null : outcome.error.message);
  }

  function submit(skipInputs: boolean) {
    setChecked(true);
    if (!skipInputs) {
      startTransition(async () => {
        let checks;
        try {
          checks = await formChecks.load();
        } catch {
          setFormError("The form's checks did not load. Check your connection and try again.");
          return;
        }
        const { values, references, errors } = validateDraft(form, drafts, checks);
        setFieldErrors(errors);
        setFormError(null);
        if (errors.length > 0) return;
        show(await run({ consumptionId, toVersionId, inputs: values, references }));
      });
    } else {
      startTransition(async () => show(await run({ consumptionId, toVersionId, skipInputs: true })));
    }
  }

  if (opened) {
    return (
      <Alert tone="success" title={opened.status === "already_open" ? "The upgrade PR was already open" : "Upgrade PR opened"} data-testid="upgrade-opened">
        {opened.prUrl ? (
          <a href={opened.prUrl} className="underline" target="_blank" rel="noreferrer">
            Open the pull request to {opened.to}
          </a>
        ) : (
          `The pull request to ${opened.to} is being opened.`
        )}
        {opened.actions > 0 ? ` ${opened.actions} other input change${opened.actions === 1 ? "" : "s"} to make by hand, listed in the PR.` : ""}
      </Alert>
    );
  }

  return (
    <form
      noValidate
      className="space-y-6"
      aria-busy={pending}
      onFocus={formChecks.warm}
      onSubmit={(e) => {
        e.preventDefault();
        submit(false);
      }}
    >
      <ErrorSummary errors={summary} />
      <Card aria-labelledby="upgrade-inputs-heading">
        <h2 id="upgrade-inputs-heading" className="text-base font-semibold">
          New required inputs
        </h2>
        <p className="mt-1 text-sm text-fg-muted">
          {to} requires {form.fields.length === 1 ? "this input" : "these inputs"} and the unit does not set {form.fields.length === 1 ? "it" : "them"}. The values are added to the unit&apos;s inputs; no other line changes.
        </p>
        <div className="mt-4">
          <InputForm
            form={form}
            drafts={drafts}
            errors={anchored}
            onChange={(next) => {
              // Checked is set by a submit, which has loaded the checks.
              if (checked && formChecks.checks) setFieldErrors(revalidateChangedFields(form, drafts, next, fieldErrors, formChecks.checks));
              setDrafts(next);
            }}
          />
        </div>
      </Card>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Opening…" : "Open upgrade PR"}
        </Button>
        <Button type="button" variant="secondary" disabled={pending} onClick={() => submit(true)}>
          Open without them
        </Button>
        <p className="text-xs text-fg-muted basis-full">&ldquo;Open without them&rdquo; is for units whose included configs set these inputs; the PR then lists them as to do.</p>
      </div>
    </form>
  );
}
