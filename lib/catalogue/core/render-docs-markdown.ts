import type { ModuleDocs, ModuleInput } from "@/lib/modules/module-docs";

/** How to order items, as terraform-docs' `sort` setting: by name (its default), required first, or source position. */
export type DocsSortOrder = "name" | "required" | "position";

export interface RenderDocsOptions {
  sort?: DocsSortOrder;
}

export interface TerraformDocsJson {
  header: string;
  footer: string;
  inputs: Array<{
    name: string;
    type: string;
    description: string | null;
    default: unknown;
    required: boolean;
    sensitive: boolean;
    nullable: boolean;
    validations: Array<{ condition: string; error_message: string }>;
  }>;
  modules: Array<{ name: string; source: string; version: string | null; description: string | null }>;
  outputs: Array<{ name: string; description: string | null; sensitive: boolean }>;
  providers: Array<{ name: string; alias: string | null; version: string | null }>;
  requirements: Array<{ name: string; version: string | null }>;
  resources: Array<{
    type: string;
    name: string;
    provider: string;
    source: string;
    mode: "managed" | "data";
    version: string | null;
    description: string | null;
  }>;
}

/**
 * The docs in terraform-docs' `json` format (same fields, nulls, type inference and
 * ordering), plus our `sensitive`, `nullable` and `validations` on inputs and
 * `sensitive` on outputs. Items marked `terraform-docs-ignore` are left out.
 */
export function toTerraformDocsJson(docs: ModuleDocs, options: RenderDocsOptions = {}): TerraformDocsJson {
  const sort = options.sort ?? "name";
  const inputs = sortInputs(
    docs.inputs.filter((i) => !i.docsIgnored),
    sort,
  ).map((input) => ({
    name: input.name,
    type: terraformDocsType(input),
    description: emptyToNull(input.description),
    default: input.required ? null : (input.defaultJson ?? null),
    required: input.required,
    sensitive: input.sensitive,
    nullable: input.nullable,
    validations: input.validations.map((v) => ({ condition: v.condition, error_message: v.errorMessage })),
  }));

  const modules = sortByNameOrPosition(
    docs.modules.filter((m) => !m.docsIgnored),
    sort,
  ).map((m) => {
    const { source, version } = splitRef(m.source, m.version);
    return { name: m.name, source, version, description: emptyToNull(m.description) };
  });

  const outputs = sortByNameOrPosition(
    docs.outputs.filter((o) => !o.docsIgnored),
    sort,
  ).map((o) => ({ name: o.name, description: emptyToNull(o.description), sensitive: o.sensitive }));

  return {
    header: docs.header ?? "",
    footer: "",
    inputs,
    modules,
    outputs,
    providers: usedProviders(docs, sort),
    requirements: requirements(docs),
    resources: resourceRows(docs),
  };
}

/**
 * terraform-docs style markdown: Requirements, Providers, Modules, Resources, Inputs
 * and Outputs tables, with the main.tf header comment on top.
 */
export function renderDocsMarkdown(docs: ModuleDocs, options: RenderDocsOptions = {}): string {
  const json = toTerraformDocsJson(docs, options);
  const parts: string[] = [];
  if (json.header) parts.push(json.header);

  parts.push(
    section(
      "Requirements",
      ["Name", "Version"],
      json.requirements.map((r) => [anchor("requirement", r.name), cell(r.version ?? "n/a")]),
    ),
  );
  parts.push(
    section(
      "Providers",
      ["Name", "Version"],
      json.providers.map((p) => [anchor("provider", p.alias ? `${p.name}.${p.alias}` : p.name), cell(p.version ?? "n/a")]),
    ),
  );
  parts.push(
    section(
      "Modules",
      ["Name", "Source", "Version"],
      json.modules.map((m) => [anchor("module", m.name), cell(m.source), cell(m.version ?? "n/a")]),
    ),
  );
  parts.push(
    section(
      "Resources",
      ["Name", "Type"],
      json.resources.map((r) => [resourceLink(r), r.mode === "managed" ? "resource" : "data source"]),
    ),
  );
  parts.push(
    section(
      "Inputs",
      ["Name", "Description", "Type", "Default", "Required"],
      json.inputs.map((i) => [
        anchor("input", i.name),
        cell(i.description ?? "n/a"),
        code(i.type),
        i.required ? "n/a" : code(JSON.stringify(i.default, null, 2)),
        i.required ? "yes" : "no",
      ]),
    ),
  );
  parts.push(
    section(
      "Outputs",
      ["Name", "Description"],
      json.outputs.map((o) => [anchor("output", o.name), cell(o.description ?? "n/a")]),
    ),
  );
  return `${parts.join("\n\n")}\n`;
}

function terraformDocsType(input: ModuleInput): string {
  if (input.typeDeclared) return input.type;
  // terraform-docs infers a type from the default when none is declared.
  const value = input.defaultJson;
  if (input.required || value === null || value === undefined) return "any";
  if (typeof value === "string") return "string";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "bool";
  if (Array.isArray(value)) return "list";
  return typeof value === "object" ? "map" : "any";
}

function sortInputs(inputs: ModuleInput[], sort: DocsSortOrder): ModuleInput[] {
  const sorted = sortByNameOrPosition(inputs, sort === "required" ? "name" : sort);
  if (sort !== "required") return sorted;
  return [...sorted.filter((i) => i.required), ...sorted.filter((i) => !i.required)];
}

function sortByNameOrPosition<T extends { name: string; file: string; line: number }>(
  items: T[],
  sort: DocsSortOrder,
): T[] {
  return [...items].sort((a, b) =>
    sort === "position" ? compareText(a.file, b.file) || a.line - b.line : compareText(a.name, b.name),
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** terraform-docs reads `?ref=` as the version of a module call that has no `version`. */
function splitRef(source: string, version: string | null): { source: string; version: string | null } {
  if (version) return { source, version };
  const pos = source.lastIndexOf("?ref=");
  if (pos === -1 || pos + 5 >= source.length) return { source, version: null };
  return { source: source.slice(0, pos), version: source.slice(pos + 5) };
}

function usedProviders(docs: ModuleDocs, sort: DocsSortOrder): TerraformDocsJson["providers"] {
  // Like terraform-docs, list the providers that resources use, not required_providers.
  const found = new Map<string, { name: string; alias: string | null; version: string | null; file: string; line: number }>();
  for (const r of docs.resources) {
    const key = `${r.provider}.${r.providerAlias ?? ""}`;
    if (found.has(key)) continue;
    const required = docs.providers.find((p) => p.name === r.provider);
    found.set(key, {
      name: r.provider,
      alias: r.providerAlias,
      version: emptyToNull(required?.versionConstraint ?? null),
      file: r.file,
      line: r.line,
    });
  }
  const list = [...found.values()].sort((a, b) =>
    sort === "position"
      ? compareText(a.file, b.file) || a.line - b.line
      : compareText(a.name, b.name) || compareText(a.alias ?? "", b.alias ?? ""),
  );
  return list.map(({ name, alias, version }) => ({ name, alias, version }));
}

function requirements(docs: ModuleDocs): TerraformDocsJson["requirements"] {
  const rows: TerraformDocsJson["requirements"] = [];
  if (docs.requiredVersion) rows.push({ name: "terraform", version: docs.requiredVersion });
  for (const p of [...docs.providers].sort((a, b) => compareText(a.name, b.name))) {
    if (p.versionConstraint) rows.push({ name: p.name, version: p.versionConstraint });
  }
  return rows;
}

function resourceRows(docs: ModuleDocs): TerraformDocsJson["resources"] {
  const rows = docs.resources
    .filter((r) => !r.docsIgnored)
    .map((r) => {
      const required = docs.providers.find((p) => p.name === r.provider);
      const prefix = `${r.provider}_`;
      return {
        type: r.type.startsWith(prefix) ? r.type.slice(prefix.length) : r.type,
        name: r.name,
        provider: r.provider,
        source: required?.source ?? `hashicorp/${r.provider}`,
        mode: r.mode,
        version: resourceVersion(required?.versionConstraint ?? null),
        description: emptyToNull(r.description),
      };
    });
  // terraform-docs always orders resources by type: managed first, then by "provider_type.name".
  const spec = (r: (typeof rows)[number]) => `${r.provider}_${r.type}.${r.name}`;
  return rows.sort((a, b) => (a.mode === b.mode ? compareText(spec(a), spec(b)) : a.mode === "managed" ? -1 : 1));
}

/** The provider version a resource's docs link uses: an exact pin, else "latest" (as terraform-docs). */
function resourceVersion(constraint: string | null): string {
  if (!constraint) return "latest";
  const last = constraint.split(",").pop()!.trim();
  const parts = last.split(" ");
  if (parts.length === 1) {
    const first = parts[0]!.charAt(0);
    if (/\d/.test(first)) return parts[0]!;
    return first === "=" ? parts[0]!.slice(1) : "latest";
  }
  if (parts.length === 2 && parts[0] === "=") return parts[1]!;
  return "latest";
}

function emptyToNull(text: string | null): string | null {
  return text === null || text === "" ? null : text;
}

function section(title: string, headers: string[], rows: string[][]): string {
  if (rows.length === 0) return `## ${title}\n\nNo ${title.toLowerCase()}.`;
  const align = headers.map((h) => (h === "Required" ? ":--------:" : "-".repeat(h.length + 2)));
  const lines = [`| ${headers.join(" | ")} |`, `|${align.join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)];
  return `## ${title}\n\n${lines.join("\n")}`;
}

function anchor(kind: string, name: string): string {
  const escaped = name.replace(/_/g, "\\_");
  return `<a name="${kind}_${name}"></a> [${escaped}](#${kind}\\_${escaped})`;
}

function resourceLink(r: TerraformDocsJson["resources"][number]): string {
  const label = `${r.provider}_${r.type}.${r.name}`;
  if (r.source.split("/").length > 2) return label;
  const kind = r.mode === "managed" ? "resources" : "data-sources";
  return `[${label}](https://registry.terraform.io/providers/${r.source}/${r.version}/docs/${kind}/${r.type})`;
}

/** Table cells cannot hold newlines or bare pipes. */
function cell(text: string): string {
  return text.trim().replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");
}

function code(text: string): string {
  if (!text.includes("\n")) return `\`${text.replace(/\|/g, "\\|")}\``;
  const html = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "&#124;");
  return `<pre>${html.replace(/\r?\n/g, "<br>")}</pre>`;
}
