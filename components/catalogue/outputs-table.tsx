import { Badge } from "@/components/ui/badge";
import { Table } from "@/components/ui/table";
import type { ModuleOutput } from "@/lib/modules/module-docs";

/** The outputs of one version, sensitive ones marked. */
export function OutputsTable({ outputs }: { outputs: ModuleOutput[] }) {
  const rows = outputs.filter((o) => !o.docsIgnored);
  if (rows.length === 0) return <p className="text-sm text-fg-muted">This module has no outputs.</p>;
  return (
    <Table label="Outputs" data-testid="outputs-table">
        <thead className="border-b border-line bg-sunken text-xs text-fg-subtle uppercase">
          <tr>
            <th scope="col" className="px-3 py-2">Name</th>
            <th scope="col" className="px-3 py-2">Description</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {rows.map((output) => (
            <tr key={output.name}>
              <th scope="row" className="px-3 py-2 font-normal whitespace-nowrap">
                <code className="font-mono text-sm font-semibold">{output.name}</code>{" "}
                {output.sensitive ? <Badge tone="amber">Sensitive</Badge> : null}
              </th>
              <td className="px-3 py-2 text-fg-muted">{output.description}</td>
            </tr>
          ))}
        </tbody>
    </Table>
  );
}
