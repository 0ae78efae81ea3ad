import { Badge } from "@/components/ui/badge";
import { Table } from "@/components/ui/table";
import type { ModuleInput } from "@/lib/modules/module-docs";
import { formatTypeForDisplay } from "./format-type";
import { TableHead } from "@/components/ui/table-head";

/** Required inputs first, then optional ones, each group in file order. Docs-ignored optional inputs are left out, as terraform-docs does. */
export function sortInputsForDisplay(inputs: ModuleInput[]): ModuleInput[] {
  const shown = inputs.filter((i) => i.required || !i.docsIgnored);
  return [...shown.filter((i) => i.required), ...shown.filter((i) => !i.required)];
}

/**
 * The inputs of one version: type, default, description, validation rules and flags. A table
 * from the `md` breakpoint up; below it, where four columns leave each a few characters, one
 * card per input with the same content stacked.
 */
export function InputsTable({ inputs }: { inputs: ModuleInput[] }) {
  const rows = sortInputsForDisplay(inputs);
  if (rows.length === 0) return <p className="text-sm text-fg-muted">This module takes no inputs.</p>;
  return (
    <>
      <div className="hidden md:block">
        <Table label="Inputs, required first" data-testid="inputs-table">
          <TableHead className="border-b border-line bg-sunken text-xs text-fg-subtle uppercase" cellClassName="px-3 py-2" columns={["Name", "Type", "Default", "Description"]} />
          <tbody className="divide-y divide-line align-top">
            {rows.map((input) => (
              <tr key={input.name} id={`input-${input.name}`}>
                <th scope="row" className="px-3 py-2 font-normal">
                  <code className="font-mono text-sm font-semibold">{input.name}</code>
                  <InputFlags input={input} />
                </th>
                <td className="px-3 py-2">
                  <InputType input={input} />
                </td>
                {/* Short defaults ("per_az", "10.0.0.0/16") stay on one line; long ones scroll in their own box. */}
                <td className="min-w-[7rem] px-3 py-2">
                  <InputDefault input={input} />
                </td>
                <td className="px-3 py-2">
                  <InputDescription input={input} />
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
      <ul className="space-y-3 md:hidden" data-testid="inputs-cards" aria-label="Inputs, required first">
        {rows.map((input) => (
          <li key={input.name} className="min-w-0 rounded-lg border border-line p-3 text-sm">
            <h3 className="font-mono text-sm font-semibold break-all">{input.name}</h3>
            <InputFlags input={input} />
            <dl className="mt-2 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1">
              <dt className="text-xs text-fg-subtle uppercase">Type</dt>
              <dd className="min-w-0">
                <InputType input={input} />
              </dd>
              <dt className="text-xs text-fg-subtle uppercase">Default</dt>
              <dd className="min-w-0">
                <InputDefault input={input} />
              </dd>
            </dl>
            <div className="mt-2">
              <InputDescription input={input} />
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}

function InputFlags({ input }: { input: ModuleInput }) {
  if (!input.required && !input.sensitive && input.nullable) return null;
  return (
    <div className="mt-1 flex flex-wrap gap-1">
      {input.required ? <Badge tone="brand">Required</Badge> : null}
      {input.sensitive ? <Badge tone="amber">Sensitive</Badge> : null}
      {input.nullable ? null : <Badge>Not nullable</Badge>}
    </div>
  );
}

function InputType({ input }: { input: ModuleInput }) {
  const type = formatTypeForDisplay(input.type);
  return (
    <>
      {type.includes("\n") ? (
        <pre
          role="region"
          aria-label={`Type of ${input.name}`}
          tabIndex={0}
          className="max-w-full overflow-x-auto font-mono text-xs whitespace-pre text-fg-muted focus:outline-2 focus:outline-focus"
        >
          {type}
        </pre>
      ) : (
        <code className="font-mono text-xs break-words text-fg-muted">{type}</code>
      )}
      {input.typeDeclared ? null : <span className="block text-xs text-fg-subtle">(no type declared)</span>}
    </>
  );
}

function InputDefault({ input }: { input: ModuleInput }) {
  if (input.required) return <span className="text-xs text-fg-subtle">none</span>;
  const text = input.defaultText ?? "";
  if (text.includes("\n") || text.length > 40) {
    return (
      <pre
        role="region"
        aria-label={`Default of ${input.name}`}
        tabIndex={0}
        className="max-w-xs overflow-x-auto font-mono text-xs whitespace-pre focus:outline-2 focus:outline-focus"
      >
        {text}
      </pre>
    );
  }
  return <code className="font-mono text-xs whitespace-nowrap">{text}</code>;
}

function InputDescription({ input }: { input: ModuleInput }) {
  return (
    <>
      {input.description ? <p className="whitespace-pre-line text-fg-muted">{input.description}</p> : null}
      {input.validations.length > 0 ? (
        <details className="mt-1">
          <summary className="cursor-pointer text-xs text-fg-muted">
            {input.validations.length} validation {input.validations.length === 1 ? "rule" : "rules"}
          </summary>
          <ul className="mt-1 space-y-1">
            {input.validations.map((rule, k) => (
              <li key={k} className="text-xs">
                <code className="block font-mono break-all text-fg-muted">{rule.condition}</code>
                <span className="text-fg-muted">{rule.errorMessage}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}
