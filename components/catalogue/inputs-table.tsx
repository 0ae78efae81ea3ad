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

/** The inputs of one version: type, default, description, validation rules and flags. */
export function InputsTable({ inputs }: { inputs: ModuleInput[] }) {
  const rows = sortInputsForDisplay(inputs);
  if (rows.length === 0) return <p className="text-sm text-fg-muted">This module takes no inputs.</p>;
  return (
    <Table label="Inputs, required first" data-testid="inputs-table">
        <TableHead className="border-b border-line bg-sunken text-xs text-fg-subtle uppercase" cellClassName="px-3 py-2" columns={["Name", "Type", "Default", "Description"]} />
        <tbody className="divide-y divide-line align-top">
          {rows.map((input) => {
            const type = formatTypeForDisplay(input.type);
            return (
              <tr key={input.name} id={`input-${input.name}`}>
                <th scope="row" className="px-3 py-2 font-normal">
                  <code className="font-mono text-sm font-semibold">{input.name}</code>
                  <div className="mt-1 flex flex-wrap gap-1">
                    {input.required ? <Badge tone="brand">Required</Badge> : null}
                    {input.sensitive ? <Badge tone="amber">Sensitive</Badge> : null}
                    {input.nullable ? null : <Badge>Not nullable</Badge>}
                  </div>
                </th>
                <td className="px-3 py-2">
                  {type.includes("\n") ? (
                    <pre className="font-mono text-xs whitespace-pre text-fg-muted">{type}</pre>
                  ) : (
                    <code className="font-mono text-xs break-words text-fg-muted">{type}</code>
                  )}
                  {input.typeDeclared ? null : <span className="block text-xs text-fg-subtle">(no type declared)</span>}
                </td>
                <td className="px-3 py-2">
                  {input.required ? (
                    <span className="text-xs text-fg-subtle">none</span>
                  ) : input.defaultText && input.defaultText.includes("\n") ? (
                    <pre className="max-w-xs overflow-x-auto font-mono text-xs">{input.defaultText}</pre>
                  ) : (
                    <code className="font-mono text-xs break-all">{input.defaultText}</code>
                  )}
                </td>
                <td className="px-3 py-2">
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
                </td>
              </tr>
            );
          })}
        </tbody>
    </Table>
  );
}
