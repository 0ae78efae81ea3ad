"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { ErrorSummary, type SummaryError } from "@/components/scaffold/error-summary";
import type { ActionResult } from "@/lib/platform/http/define-action";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { isRepoRef, REPO_REF_MESSAGE } from "@/lib/patterns/repo-ref";

export interface RegisterWorkloadFormProps {
  teams: { slug: string; name: string }[];
  /** Registering makes the viewer the workload's lead (a manual membership): leads, not admins. */
  grantsLead: boolean;
  /** The IdP group that grants the lead role, with `{slug}` for the slug; null when the mapping names none. */
  leadGroupTemplate: string | null;
  register: (input: { slug: string; name: string; description: string; teamSlug: string; consumerRepo: string }) => Promise<ActionResult<{ slug: string }>>;
}

type Field = "name" | "slug" | "teamSlug" | "consumerRepo" | "description";

const LABELS: Record<Field, string> = { name: "Name", slug: "Slug", teamSlug: "Owning team", consumerRepo: "Consumer repo", description: "Description" };

const slugify = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);

/** Registers a workload: name, slug (derived), owning team and the consumer repo to link. */
export function RegisterWorkloadForm({ teams, register, grantsLead, leadGroupTemplate }: RegisterWorkloadFormProps) {
  const router = useRouter();
  const [values, setValues] = useState<Record<Field, string>>({ name: "", slug: "", teamSlug: teams[0]?.slug ?? "", consumerRepo: "", description: "" });
  const [slugEdited, setSlugEdited] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const set = (field: Field, value: string) =>
    setValues((v) => ({ ...v, [field]: value, ...(field === "name" && !slugEdited ? { slug: slugify(value) } : {}) }));

  function check(): Partial<Record<Field, string>> {
    const found: Partial<Record<Field, string>> = {};
    if (!values.name.trim()) found.name = "Enter a name";
    if (!/^[a-z0-9][a-z0-9-]{1,39}$/.test(values.slug.trim())) found.slug = "Use 2–40 lowercase letters, digits and dashes";
    if (!values.teamSlug.trim()) found.teamSlug = "Choose the owning team";
    if (!isRepoRef(values.consumerRepo.trim())) found.consumerRepo = REPO_REF_MESSAGE;
    return found;
  }

  function onSubmit() {
    const found = check();
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) return;
    startTransition(async () => {
      const outcome = await register({
        slug: values.slug.trim(),
        name: values.name.trim(),
        description: values.description.trim(),
        teamSlug: values.teamSlug.trim(),
        consumerRepo: values.consumerRepo.trim(),
      });
      if (!outcome.ok) {
        const server: Partial<Record<Field, string>> = {};
        for (const fe of outcome.error.fieldErrors ?? []) if (fe.path in LABELS) server[fe.path as Field] = fe.message;
        setErrors(server);
        setFormError(outcome.error.message);
        return;
      }
      router.push(`/workloads/${outcome.data.slug}`);
    });
  }

  const summary: SummaryError[] = [
    ...Object.entries(errors).map(([field, message]) => ({ targetId: `workload-${field}`, label: LABELS[field as Field], message: message ?? "" })),
    ...(formError && Object.keys(errors).length === 0 ? [{ targetId: null, label: "Registration", message: formError }] : []),
  ];

  const control = (field: Field) => ({
    id: `workload-${field}`,
    value: values[field],
    "aria-invalid": errors[field] ? true : undefined,
    "aria-describedby": [errors[field] ? `workload-${field}-error` : null, `workload-${field}-help`].filter(Boolean).join(" ") || undefined,
  });
  const error = (field: Field) =>
    errors[field] ? (
      <p id={`workload-${field}-error`} className="mt-1 text-sm text-danger">
        {errors[field]}
      </p>
    ) : null;

  return (
    <form
      noValidate
      className="max-w-2xl space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <ErrorSummary errors={summary} />
      <Card className="space-y-4">
        <div>
          <label htmlFor="workload-name" className="block text-sm font-medium">
            Name
          </label>
          <Input {...control("name")} className="mt-1" onChange={(e) => set("name", e.target.value)} />
          {error("name")}
        </div>
        <div>
          <label htmlFor="workload-slug" className="block text-sm font-medium">
            Slug
          </label>
          <Input
            {...control("slug")}
            className="mt-1 font-mono"
            onChange={(e) => {
              setSlugEdited(true);
              set("slug", e.target.value);
            }}
          />
          <p id="workload-slug-help" className="mt-1 text-xs text-fg-subtle">
            Used in URLs and role mappings (team-&lt;slug&gt;, &lt;slug&gt;-leads).
          </p>
          {error("slug")}
        </div>
        <div>
          <label htmlFor="workload-teamSlug" className="block text-sm font-medium">
            Owning team
          </label>
          <Input {...control("teamSlug")} list="workload-teams" className="mt-1 font-mono" onChange={(e) => set("teamSlug", e.target.value)} />
          <datalist id="workload-teams">
            {teams.map((t) => (
              <option key={t.slug} value={t.slug}>
                {t.name}
              </option>
            ))}
          </datalist>
          <p id="workload-teamSlug-help" className="mt-1 text-xs text-fg-subtle">
            The team slug; its GitHub team is asked to review the portal&apos;s pull requests.
          </p>
          {error("teamSlug")}
        </div>
        <div>
          <label htmlFor="workload-consumerRepo" className="block text-sm font-medium">
            Consumer repo
          </label>
          <Input {...control("consumerRepo")} placeholder="acme-platform/payments-infra" className="mt-1 font-mono" onChange={(e) => set("consumerRepo", e.target.value)} />
          <p id="workload-consumerRepo-help" className="mt-1 text-xs text-fg-subtle">
            owner/repo, spanning the dev, stage and prod account folders.
          </p>
          {error("consumerRepo")}
        </div>
        <div>
          <label htmlFor="workload-description" className="block text-sm font-medium">
            Description <span className="text-xs font-normal text-fg-subtle">(optional)</span>
          </label>
          <Textarea {...control("description")} rows={3} className="mt-1" onChange={(e) => set("description", e.target.value)} />
          <span id="workload-description-help" hidden />
        </div>
      </Card>
      <LeadNotice grantsLead={grantsLead} leadGroup={leadGroupTemplate ? leadGroupTemplate.split("{slug}").join(values.slug.trim() || "<slug>") : null} />
      <Button type="submit" disabled={pending}>
        {pending ? "Checking the repo…" : "Register workload"}
      </Button>
    </form>
  );
}

/** Who leads the new workload: the registering lead at once, and from then on whoever the IdP group names. */
function LeadNotice({ grantsLead, leadGroup }: { grantsLead: boolean; leadGroup: string | null }) {
  const group = leadGroup ? (
    <>
      the IdP group <code className="font-mono" data-testid="lead-group">{leadGroup}</code> grants the lead role on it
    </>
  ) : (
    <>the role mapping names no IdP group for its leads, so an admin grants the role</>
  );
  return (
    <div role="note" data-testid="lead-notice" className="max-w-2xl rounded-md border border-accent-line bg-accent-soft p-4 text-sm text-fg">
      {grantsLead ? (
        <p>
          You become this workload&apos;s lead when you register it: a <strong>manual</strong> membership, recorded in the audit log and kept when you
          sign in again. From then on, {group}; ask your identity provider&apos;s admins to add the team&apos;s leads to it.
        </p>
      ) : (
        <p>Registering as an admin gives no workload role to anyone: {group}, so ask your identity provider&apos;s admins to add the team&apos;s leads to it.</p>
      )}
    </div>
  );
}
