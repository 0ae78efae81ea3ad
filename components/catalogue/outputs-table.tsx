import { Badge } from "@/components/ui/badge";
import type { ModuleOutput } from "@/lib/modules/module-docs";

/** The outputs of one version, sensitive ones marked. */
export function OutputsTable({ outputs }: { outputs: ModuleOutput[] }) {
  const rows = outputs.filter((o) => !o.docsIgnored);
  if (rows.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">This module has no outputs.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
      <table className="w-full text-left text-sm" data-testid="outputs-table">
        <caption className="sr-only">Outputs</caption>
        <thead className="border-b border-zinc-200 bg-zinc-50 text-xs text-zinc-500 uppercase dark:border-zinc-800 dark:bg-zinc-900">
          <tr>
            <th scope="col" className="px-3 py-2">Name</th>
            <th scope="col" className="px-3 py-2">Description</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {rows.map((output) => (
            <tr key={output.name}>
              <th scope="row" className="px-3 py-2 font-normal whitespace-nowrap">
                <code className="font-mono text-sm font-semibold">{output.name}</code>{" "}
                {output.sensitive ? <Badge tone="amber">Sensitive</Badge> : null}
              </th>
              <td className="px-3 py-2 text-zinc-700 dark:text-zinc-300">{output.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
