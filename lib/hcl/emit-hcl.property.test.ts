import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { InputValue } from "./input-value";
import { readUnit } from "./read-unit";
import { renderTerragruntUnit } from "./render-unit";

/*
 * Property: any value entered (nested objects and lists, nasty strings, unicode) is written by the
 * emitter and parsed back by hcl2json to exactly the same value. Values are batched, 100 per
 * file, so 10,000 values cost 100 parses. Strings are NFC-normalised first because HCL itself
 * normalises string literals to NFC (the form does the same in validateInputs).
 */

const NASTY_PIECES = [
  "${", "%{", "$${", "%%{", "$$", "%%", "$", "%", "{", "}", "\\", "\\n", '"', "'", "\n", "\r", "\r\n", "\t",
  "\u0000", "\u0007", "\u001b", "\u001f", "\u007f", "\u0085", "\u00a0", "\u2028", "\u2029", "\u200d", "\u202e", "\ufeff",
  "😀", "👨‍👩‍👧", "🇫🇷", "𝔘", "é", "e\u0301", "\u1100\u1161", "שלום", "مرحبا", "中文", "EOT", "EOT1", "<<-EOT", "<<EOT",
  "#", "//", "/*", "*/", " ", "  ", "a", "Z", "0", "-", "=", ",", "[", "]", "null", "true",
];

const nastyString = fc.oneof(
  fc.string({ unit: fc.constantFrom(...NASTY_PIECES), maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.string({ unit: "grapheme", maxLength: 10 }),
  // multi-line texts shaped like heredoc candidates, sometimes with indentation or blank lines
  fc
    .array(fc.oneof(fc.string({ unit: fc.constantFrom(...NASTY_PIECES), maxLength: 5 }), fc.constantFrom("", "  x", "EOT", "line")), {
      minLength: 2,
      maxLength: 5,
    })
    .map((lines) => `${lines.join("\n")}\n`),
).map((s) => s.normalize("NFC"));

const key = fc.oneof(fc.stringMatching(/^[a-z_][a-z0-9_-]{0,8}$/), nastyString).filter((k) => k !== "__expr" && k !== "__proto__");

const number = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)));

const { value } = fc.letrec<{ value: InputValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    nastyString,
    number,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(key, tie("value"), { maxKeys: 4 }),
  ),
}));

const source = { repoUrl: "https://github.com/acme-platform/iac-modules.git", path: "modules/vpc", ref: "vpc/v1.2.0" };

describe("emitter round trip (property)", () => {
  it("10,000 random values (100 files of 100) read back exactly", async () => {
    const started = Date.now();
    let values = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(value, { minLength: 100, maxLength: 100 }), async (batch) => {
        const inputs = Object.fromEntries(batch.map((v, i) => [`v${i}`, v]));
        const text = await renderTerragruntUnit({ source, inputs });
        const back = await readUnit(text);
        expect(back.inputs).toEqual(inputs);
        values += batch.length;
      }),
      { numRuns: 100 },
    );
    expect(values).toBeGreaterThanOrEqual(10_000);
    console.info(`round-tripped ${values} values in ${Date.now() - started} ms`);
  }, 120_000);
});
