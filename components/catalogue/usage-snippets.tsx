import type { UsageSnippets as Snippets } from "@/lib/catalogue/build-usage-snippets";
import { CodeBlock } from "./code-block";
import { CopyButton } from "./copy-button";

/** The Terragrunt unit and the plain Terraform module block for the version shown, each with Copy. */
export function UsageSnippets({ snippets }: { snippets: Snippets }) {
  const items = [
    { key: "terragrunt", title: "Terragrunt unit (terragrunt.hcl)", code: snippets.terragrunt },
    { key: "terraform", title: "Terraform module block", code: snippets.terraform },
  ];
  return (
    <div className="space-y-4">
      {snippets.requiredInputs.length > 0 ? (
        <p className="text-sm text-fg-muted">Replace the placeholders of the required inputs; optional inputs are listed below.</p>
      ) : null}
      {items.map((item) => (
        <div key={item.key} data-testid={`snippet-${item.key}`}>
          <div className="mb-1 flex items-center justify-between gap-2">
            <h3 className="text-sm font-medium">{item.title}</h3>
            <CopyButton text={item.code} label={`Copy the ${item.title}`} />
          </div>
          <CodeBlock code={item.code} label={item.title} />
        </div>
      ))}
    </div>
  );
}
