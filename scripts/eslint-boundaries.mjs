// A tiny ESLint plugin for the architecture's import boundaries (eslint.config.mjs says
// which folder may import what; ARCHITECTURE.md names each rule).
//
// Why not core `no-restricted-imports`: it is one rule, so two boundaries that apply to
// one file (a core file is also a domain file) would overwrite each other's options in
// flat config, and it does not look at dynamic `import()`, which is how the platform
// once imported the domains. Here every boundary is its own rule name, checking static
// imports, re-exports and dynamic imports alike, type-only ones included.

/** @typedef {{ regex: string, message: string }} Restriction */

/** @param {string} description */
function createBoundaryRule(description) {
  return {
    meta: {
      type: "problem",
      docs: { description },
      schema: {
        type: "array",
        items: {
          type: "object",
          properties: { regex: { type: "string" }, message: { type: "string" } },
          required: ["regex", "message"],
          additionalProperties: false,
        },
      },
      messages: { restricted: "'{{source}}' may not be imported here: {{message}}" },
    },
    create(context) {
      /** @type {Restriction[]} */
      const restrictions = context.options;
      const compiled = restrictions.map((r) => ({ pattern: new RegExp(r.regex), message: r.message }));
      /** @param {{ type: string, value?: unknown } | null | undefined} source */
      function check(source) {
        if (!source || source.type !== "Literal" || typeof source.value !== "string") return;
        const value = source.value;
        const hit = compiled.find((c) => c.pattern.test(value));
        if (hit) context.report({ node: source, messageId: "restricted", data: { source: value, message: hit.message } });
      }
      return {
        ImportDeclaration: (node) => check(node.source),
        ExportNamedDeclaration: (node) => check(node.source),
        ExportAllDeclaration: (node) => check(node.source),
        ImportExpression: (node) => check(node.source),
      };
    },
  };
}

export const boundariesPlugin = {
  meta: { name: "bulkhead-boundaries" },
  rules: {
    "pure-core": createBoundaryRule("Pure code (lib/*/core, lib/hcl, lib/errors, lib/markdown) imports no framework, database, SDK, platform or adapter."),
    "shared-no-domains": createBoundaryRule("Shared libraries (lib/hcl, lib/errors, lib/markdown) import no domain."),
    "ui-no-data-access": createBoundaryRule("app/ and components/ reach data through use cases, never the database client or an adapter."),
    "components-no-app": createBoundaryRule("components/ never import from app/."),
    "platform-no-domains": createBoundaryRule("lib/platform imports no domain; domains plug in through lib/register-domains.ts."),
    "domain-public-entry": createBoundaryRule("A domain imports another domain only through its public entry, lib/<domain>/index.ts."),
  },
};
