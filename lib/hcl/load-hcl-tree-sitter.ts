import type { Parser } from "web-tree-sitter";

let parserPromise: Promise<Parser> | null = null;

/**
 * A tree-sitter parser for HCL (web-tree-sitter + @tree-sitter-grammars/tree-sitter-hcl). Used
 * for in-place edits: it gives exact source ranges and keeps comments. Loaded once per process,
 * on first call: importing lib/hcl loads neither web-tree-sitter nor the grammar.
 * Node indices are UTF-16 offsets into the JS string (checked), so they slice the text directly.
 */
export function loadHclTreeSitter(): Promise<Parser> {
  parserPromise ??= (async () => {
    const [{ Language, Parser }, { createRequire }] = await Promise.all([import("web-tree-sitter"), import("node:module")]);
    await Parser.init();
    // Resolved at run time from a computed id: a literal .wasm specifier makes Turbopack try
    // to bundle the grammar as a WebAssembly module, which fails the build.
    const grammar = ["@tree-sitter-grammars", "tree-sitter-hcl", "tree-sitter-hcl.wasm"].join("/");
    const wasmPath = createRequire(import.meta.url).resolve(grammar);
    const language = await Language.load(wasmPath);
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return parserPromise;
}
