import type { UsageSnippets as Snippets } from "@/lib/catalogue/build-usage-snippets";
import { CodeBlock } from "./code-block";
import { CopyButton } from "./copy-button";

/**
 * How to use the version shown: from the portal's Terraform registry (with a version
 * constraint, as HCP Terraform's registry shows it), or straight from git as a Terragrunt unit
 * or a plain module block. Each with Copy.
 */
export function UsageSnippets({ snippets, registryNote }: { snippets: Snippets; registryNote: string | null }) {
  const items = [
    ...(snippets.registry ? [{ key: "registry", title: "Terraform registry (source and version)", code: snippets.registry }] : []),
    { key: "terragrunt", title: "Terragrunt unit (terragrunt.hcl)", code: snippets.terragrunt },
    { key: "terraform", title: "Terraform module block (git)", code: snippets.terraform },
  ];
  return (
    <div className="space-y-4">
      {snippets.requiredInputs.length > 0 ? (
        <p className="text-sm text-fg-muted">Replace the placeholders of the required inputs; optional inputs are listed below.</p>
      ) : null}
      {registryNote ? (
        <p className="text-sm text-fg-muted" data-testid="registry-note">
          {registryNote}
        </p>
      ) : null}
      {items.map((item) => (
        <div key={item.key} data-testid={`snippet-${item.key}`} className="min-w-0">
          <div className="mb-1 flex flex-wrap items-center justify-between gap-2">
            <h3 className="text-sm font-medium">{item.title}</h3>
            <CopyButton text={item.code} label={`Copy the ${item.title}`} />
          </div>
          <CodeBlock code={item.code} label={item.title} />
        </div>
      ))}
    </div>
  );
}
