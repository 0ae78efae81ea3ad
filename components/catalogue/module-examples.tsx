import type { ModuleDocs } from "@/lib/modules/module-docs";
import { CodeBlock } from "./code-block";

/** Submodules and the files of each example folder, as code blocks. */
export function ModuleExamples({ docs }: { docs: ModuleDocs }) {
  if (docs.submodules.length === 0 && docs.examples.length === 0) {
    return <p className="text-sm text-fg-muted">This version has no submodules or examples.</p>;
  }
  return (
    <div className="space-y-4">
      {docs.submodules.length > 0 ? (
        <div>
          <h3 className="text-sm font-semibold">Submodules</h3>
          <ul className="mt-1 list-inside list-disc font-mono text-xs">
            {docs.submodules.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {docs.examples.map((example) => (
        <details key={example.path} className="rounded-lg border border-line p-3">
          <summary className="cursor-pointer text-sm font-medium">
            {example.name} <span className="font-mono text-xs text-fg-subtle">{example.path}</span>
          </summary>
          <div className="mt-2 space-y-3">
            {example.files.map((file) => (
              <div key={file.path}>
                <p className="mb-1 font-mono text-xs text-fg-muted">{file.path}</p>
                <CodeBlock code={file.content} label={`${example.path}/${file.path}`} />
              </div>
            ))}
          </div>
        </details>
      ))}
    </div>
  );
}
