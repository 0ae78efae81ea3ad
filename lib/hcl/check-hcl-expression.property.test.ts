import fc from "fast-check";
import type { Node } from "web-tree-sitter";
import { describe, expect, it } from "vitest";
import { ANY_FILE_EXPRESSION_POLICY, checkHclExpression, TERRAGRUNT_UNIT_EXPRESSION_POLICY } from "./check-hcl-expression";
import { emitHclValue } from "./emit-hcl";
import { loadHclTreeSitter } from "./load-hcl-tree-sitter";
import { readUnit } from "./read-unit";
import { renderTerragruntUnit } from "./render-unit";

/*
 * Properties of the expression allowlist:
 *  1. hostile expressions (function calls of every kind, nested anywhere, hidden by comments,
 *     whitespace, Unicode look-alikes, escapes, templates, heredocs, for-expressions, splats on
 *     the wrong roots, operators) are refused, by the check and again by the emitter;
 *  2. whatever the check accepts from a random token soup is, to an independent parser
 *     (tree-sitter's HCL grammar), only references and the allowed calls;
 *  3. the allowed forms are accepted, their canonical text is stable, and a rendered unit reads
 *     them back exactly.
 */

const DANGEROUS = [
  "run_cmd", "sops_decrypt_file", "read_terragrunt_config", "file", "templatefile", "find_in_parent_folders",
  "get_terragrunt_dir", "get_aws_account_id", "get_aws_caller_identity_arn", "read_tfvars_file", "filebase64",
  "fileexists", "fileset", "local_exec", "jsondecode", "yamldecode", "merge", "lookup", "format", "base64decode",
  "uuid", "timestamp", "abspath", "pathexpand", "provider::aws::arn_parse", "core::file", "get_env_", "GET_ENV",
  "Get_env", "tostring_", "run_cmd_", "getenv",
];
const ALLOWED_FUNCTIONS = new Set(["get_env", "tostring", "tonumber", "tobool"]);

const ident = fc.stringMatching(/^[a-z_][a-z0-9_]{0,10}$/);
const envName = fc.stringMatching(/^TF_VAR_[A-Za-z0-9_]{1,12}$/);
const plainString = fc.string({ unit: fc.constantFrom("a", "Z", "0", " ", "-", "/", ".", "é", "😀", "\\", '"', "$", "%", "{", "}", "\n"), maxLength: 12 });
// A replacer function, since in a replacement string "$$" is one "$".
const quoted = plainString.map((s) => JSON.stringify(s).replace(/[$%]\{/g, (m) => `${m[0]}${m}`));

const reference = fc.tuple(ident, ident, fc.array(fc.oneof(ident.map((n) => `.${n}`), fc.nat(20).map((n) => `[${n}]`), fc.constant("[*]")), { maxLength: 3 })).map(
  ([unit, output, steps]) => `dependency.${unit}.outputs.${output}${steps.join("")}`,
);

/** Expressions built from allowed pieces around one forbidden one. */
const hostile: fc.Arbitrary<string> = fc.letrec<{ expr: string; bad: string }>((tie) => ({
  bad: fc.oneof(
    { depthSize: "small" },
    // A forbidden call, with arguments of any kind.
    fc.tuple(fc.oneof(fc.constantFrom(...DANGEROUS), ident.filter((n) => !ALLOWED_FUNCTIONS.has(n))), fc.array(fc.oneof(quoted, reference, tie("expr")), { maxLength: 3 })).map(
      ([name, args]) => `${name}(${args.join(", ")})`,
    ),
    // Templates with interpolations or directives, anywhere a string may go.
    tie("expr").map((inner) => `"x-\${${inner}}"`),
    fc.constantFrom('"%{ if true }a%{ endif }"', '"${run_cmd("id")}"', '"\\${x}${run_cmd("id")}"'),
    // Heredocs, for-expressions, conditionals, operators, splats on locals and vars.
    tie("expr").map((inner) => `<<EOT\n\${${inner}}\nEOT`),
    tie("expr").map((inner) => `[for x in ${inner} : x]`),
    tie("expr").map((inner) => `{for k, v in ${inner} : k => v}`),
    fc.tuple(tie("expr"), tie("expr")).map(([a, b]) => `true ? ${a} : ${b}`),
    fc.tuple(tie("expr"), fc.constantFrom("+", "-", "*", "==", "&&", "||")).map(([a, op]) => `${a} ${op} 1`),
    fc.constantFrom("local.x[*].id", "var.list.*.id", "each.value", "path.module", "terraform.workspace", "module.vpc.id", "self.id", "count.index"),
    // Allowed calls used the wrong way.
    tie("expr").map((inner) => `get_env(${inner})`),
    tie("expr").map((inner) => `get_env("A", ${inner})`),
    reference.map((ref) => `${ref}[${"run_cmd"}("id")]`),
    reference.map((ref) => `tostring(${ref}...)`),
  ),
  // A forbidden piece, possibly wrapped in allowed calls and parentheses.
  expr: fc.oneof({ depthSize: "small" }, tie("bad"), tie("bad").map((b) => `tostring(${b})`), tie("bad").map((b) => `(${b})`), tie("bad").map((b) => `tonumber((${b}))`)),
})).expr;

/** Tricks that do not change what a parser sees, or that make it unreadable; neither may help. */
const disguised = fc.tuple(hostile, fc.array(fc.tuple(fc.nat(), fc.constantFrom(" ", "\t", "\n", "/* c */", "# c\n", "// c\n", "\u200b", "\u00a0", "\u202e", "\ufeff")), { maxLength: 3 })).map(
  ([text, inserts]) => {
    let out = text;
    for (const [at, piece] of inserts) {
      const i = at % (out.length + 1);
      out = out.slice(0, i) + piece + out.slice(i);
    }
    return out;
  },
);

/** Unicode look-alikes of the allowed roots and functions, and escapes in names. */
const lookalikes = fc.constantFrom(
  "dependen\u0441y.vpc.outputs.id", // Cyrillic с
  "g\u0435t_env(\"X\")", // Cyrillic е
  "get_env\uff08\"X\"\uff09", // fullwidth parentheses
  "tostring\u200b(run_cmd(\"id\"))",
  "get_env(\"\\u0024{run_cmd(\\\"id\\\")}\")", // a literal "${…}" after escapes: not a name
  "get_env(\"X\", \"\\${run_cmd(\\\"id\\\")}\")", // an invalid escape
  "run\\u005fcmd(\"id\")",
);

async function allowedToTreeSitter(canonical: string): Promise<string[]> {
  const parser = await loadHclTreeSitter();
  const tree = parser.parse(`value = ${canonical}\n`);
  if (!tree) return ["no tree"];
  const problems: string[] = [];
  const visit = (node: Node): void => {
    if (node.isError || node.isMissing) problems.push(`syntax error at ${node.startIndex}`);
    if (["template_interpolation", "template_directive", "heredoc_template", "for_expr", "conditional", "operation", "binary_operation", "unary_operation", "tuple", "object"].includes(node.type)) {
      problems.push(node.type);
    }
    if (node.type === "function_call") {
      const name = node.namedChildren[0]?.text ?? "";
      if (!ALLOWED_FUNCTIONS.has(name)) problems.push(`calls ${name}`);
    }
    if (node.type === "variable_expr" && !["dependency", "local", "var"].includes(node.text)) problems.push(`root ${node.text}`);
    for (const child of node.children) if (child) visit(child);
  };
  visit(tree.rootNode);
  tree.delete();
  return problems;
}

describe("expression allowlist (property)", () => {
  it("refuses 5,000 hostile expressions, in the check and in the emitter", { timeout: 60_000 }, async () => {
    let count = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostile, disguised, lookalikes), async (text) => {
        count += 1;
        // As permissive about get_env's names as the emitter, which leaves those to the field's check.
        const result = checkHclExpression(text, { ...ANY_FILE_EXPRESSION_POLICY, envNames: "any" });
        if (result.ok) {
          // A disguise can also defuse its payload: "$ {" with a space inside a string is plain text,
          // not an interpolation. Acceptance is then right only if an independent HCL parser sees
          // nothing but references and allowed calls in what would be written.
          expect(await allowedToTreeSitter(result.text), `accepted ${JSON.stringify(text)} as ${result.text}`).toEqual([]);
          return;
        }
        expect(() => emitHclValue({ input: { __expr: text } })).toThrow(/Refused to write the expression/);
      }),
      { numRuns: 5000 },
    );
    expect(count).toBe(5000);
  });

  it("accepts from a random token soup only what an independent HCL parser sees as references and allowed calls", async () => {
    const pieces = fc.constantFrom(
      "dependency.vpc.outputs.id", "dependency.vpc.outputs", "local.x", "var.y", 'get_env("X")', "tostring(", "get_env(",
      "dependency", "local", "var", "outputs", "vpc", "id", "get_env", "tostring", "tonumber", "run_cmd", "file", "each",
      ".", ".", "(", ")", "[", "]", "[*]", ".*", ",", '"X"', '"A_B"', '"${x}"', '"$${x}"', '"\\u0024{x}"', "0", "1", " ", "\n",
      "/*", "*/", "#", "<<EOT\n", "\nEOT", "?", ":", "+", "...", "::", "{", "}", "=", "\u0441", "\u200b",
    );
    const soup = fc.array(pieces, { minLength: 1, maxLength: 8 }).map((parts) => parts.join(""));
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(soup, async (text) => {
        const result = checkHclExpression(text, ANY_FILE_EXPRESSION_POLICY);
        if (!result.ok) return;
        accepted += 1;
        expect(await allowedToTreeSitter(result.text), `${JSON.stringify(text)} → ${result.text}`).toEqual([]);
        expect(checkHclExpression(result.text, ANY_FILE_EXPRESSION_POLICY)).toEqual(result);
      }),
      { numRuns: 20_000 },
    );
    // The soup is built so that some of it is allowed; otherwise the property says nothing.
    expect(accepted).toBeGreaterThan(20);
  }, 120_000);

  it("accepts the allowed forms, keeps their canonical text stable, and reads them back from a rendered unit", async () => {
    const allowed = fc.oneof(
      reference,
      envName.map((name) => `get_env("${name}")`),
      fc.tuple(envName, quoted).map(([name, fallback]) => `get_env( "${name}" , ${fallback} )`),
      fc.tuple(fc.constantFrom("tostring", "tonumber", "tobool"), reference).map(([fn, ref]) => `${fn}(${ref})`),
      fc.tuple(reference, fc.constantFrom(" ", "\n", " /* c */ ")).map(([ref, ws]) => ref.replace(/\./g, `${ws}.`)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(allowed, { minLength: 20, maxLength: 20 }), async (batch) => {
        const canonical = batch.map((text) => {
          const result = checkHclExpression(text, TERRAGRUNT_UNIT_EXPRESSION_POLICY);
          expect(result.ok, `${JSON.stringify(text)}: ${result.ok ? "" : result.message}`).toBe(true);
          if (!result.ok) throw new Error("unreachable");
          expect(checkHclExpression(result.text, TERRAGRUNT_UNIT_EXPRESSION_POLICY)).toEqual(result);
          return result.text;
        });
        const inputs = Object.fromEntries(batch.map((text, i) => [`v${i}`, { __expr: text }]));
        const back = await readUnit(await renderTerragruntUnit({ source: { repoUrl: "https://github.com/acme/iac.git", path: "modules/x", ref: "x/v1.0.0" }, inputs }));
        expect(back.inputs).toEqual(Object.fromEntries(canonical.map((text, i) => [`v${i}`, { __expr: text }])));
      }),
      { numRuns: 50 },
    );
  }, 120_000);
});
