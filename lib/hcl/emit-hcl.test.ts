import { parse } from "@cdktn/hcl2json";
import { describe, expect, it } from "vitest";
import { unescapeHclTemplate } from "./decode-hcl-template";
import {
  emitAttribute,
  emitBlock,
  emitHclHeredoc,
  emitHclKey,
  emitHclNumber,
  emitHclQuotedString,
  emitHclValue,
  escapeHclQuoted,
  formatHcl,
  isHclIdentifier,
} from "./emit-hcl";
import type { InputValue } from "./input-value";

async function readBack(value: InputValue): Promise<unknown> {
  const parsed = await parse("t.hcl", await formatHcl(`x = ${emitHclValue(value)}\n`));
  return parsed.x;
}

describe("escapeHclQuoted", () => {
  it("escapes backslashes, quotes and the short control escapes", () => {
    expect(escapeHclQuoted('a\\b"c\nd\re\tf')).toBe('a\\\\b\\"c\\nd\\re\\tf');
  });
  it("escapes other control characters as \\uXXXX", () => {
    expect(escapeHclQuoted("\u0000\u0001\u001b\u007f\u0085\u2028\ufeff")).toBe("\\u0000\\u0001\\u001b\\u007f\\u0085\\u2028\\ufeff");
  });
  it("doubles template introducers with a replacer (one $ would be lost with '$${')", () => {
    expect(escapeHclQuoted("${a} %{b} $${c} %%{d} $ { % {")).toBe("$${a} %%{b} $$${c} %%%{d} $ { % {");
  });
  it("wraps the escaped text in quotes", () => {
    expect(emitHclQuotedString('say "${hi}"')).toBe('"say \\"$${hi}\\""');
  });
  it("keeps unicode as is, including astral and RTL characters", () => {
    expect(escapeHclQuoted("é 😀 \u202Eabc שלום")).toBe("é 😀 \u202Eabc שלום");
  });
  it("refuses lone surrogates", () => {
    expect(() => escapeHclQuoted("a\ud800b")).toThrow(/surrogate/);
  });
  it("reads back exactly through hcl2json", async () => {
    const nasty = 'x${y}%{z}$${w}"\\\u0000\u0007\t\r\n😀';
    const back = (await readBack(nasty)) as string;
    expect(unescapeHclTemplate(back)).toBe(nasty);
  });
});

describe("emitHclHeredoc", () => {
  it("writes multi-line text ending in a newline as an indented heredoc", () => {
    expect(emitHclHeredoc("line 1\n  line 2\n\nend ${x}\n", 1)).toBe("<<-EOT\n    line 1\n      line 2\n\n    end $${x}\n    EOT");
  });
  it("picks a delimiter that does not occur in the text", () => {
    expect(emitHclHeredoc("EOT\nEOT1\n", 0)).toBe("<<-EOT2\n  EOT\n  EOT1\n  EOT2");
  });
  it("falls back (null) when a heredoc would not be faithful", () => {
    expect(emitHclHeredoc("no trailing\nnewline", 0)).toBeNull();
    expect(emitHclHeredoc("single line\n", 0)).toBeNull();
    expect(emitHclHeredoc("  all\n  indented\n", 0)).toBeNull();
    expect(emitHclHeredoc("a\r\nb\r\n", 0)).toBeNull();
    expect(emitHclHeredoc("a\n   \nb\n", 0)).toBeNull();
    expect(emitHclHeredoc("a\u0001\nb\n", 0)).toBeNull();
  });
  it.each([
    "line 1\n  line 2\n\nend ${x} %{y} \\n\n",
    "EOT\nEOT\n",
    "a\n\tb\n",
    "trailing spaces  \nx\n",
    "\nleading newline\n",
    "a\n\n\n",
  ])("reads back exactly: %j", async (text) => {
    expect(emitHclValue(text)).toMatch(/^<<-/);
    expect(unescapeHclTemplate((await readBack(text)) as string)).toBe(text);
  });
  it.each(["no trailing\nnewline", "  indented\n  both\n", "a\r\nb\r\n", "\n", "x\n"])("quotes and reads back: %j", async (text) => {
    expect(emitHclValue(text)).toMatch(/^"/);
    expect(unescapeHclTemplate((await readBack(text)) as string)).toBe(text);
  });
});

describe("keys", () => {
  it("leaves plain identifiers bare and quotes everything else", () => {
    expect(isHclIdentifier("my-key_2")).toBe(true);
    expect(emitHclKey("my-key_2")).toBe("my-key_2");
    expect(emitHclKey("2nd")).toBe('"2nd"');
    expect(emitHclKey("my key")).toBe('"my key"');
    expect(emitHclKey("")).toBe('""');
    expect(emitHclKey("for")).toBe('"for"');
    expect(emitHclKey("null")).toBe('"null"');
    expect(emitHclKey("é")).toBe('"é"');
    expect(emitHclKey("a${b}")).toBe('"a$${b}"');
  });
  it("reads quoted keys back", async () => {
    const value = { "my key": 1, "2nd": 2, for: 3, "": 4, "a.b": 5, "a${b}": 6 };
    const back = (await readBack(value)) as Record<string, unknown>;
    expect(Object.fromEntries(Object.entries(back).map(([k, v]) => [unescapeHclTemplate(k), v]))).toEqual(value);
  });
});

describe("emitHclValue", () => {
  it("writes numbers, bools and null", () => {
    expect(emitHclNumber(42)).toBe("42");
    expect(emitHclNumber(-1.5)).toBe("-1.5");
    expect(emitHclNumber(1e21)).toBe("1e+21");
    expect(emitHclNumber(-0)).toBe("0");
    expect(() => emitHclNumber(NaN)).toThrow();
    expect(() => emitHclNumber(Infinity)).toThrow();
    expect(emitHclValue(true)).toBe("true");
    expect(emitHclValue(null)).toBe("null");
  });
  it("writes short primitive lists on one line and others one item per line", () => {
    expect(emitHclValue(["a", 1, true, null])).toBe('["a", 1, true, null]');
    expect(emitHclValue([])).toBe("[]");
    expect(emitHclValue({})).toBe("{}");
    expect(emitHclValue([{ a: 1 }], 0)).toBe("[\n  {\n    a = 1\n  },\n]");
    expect(emitHclValue(["x".repeat(90)])).toBe(`[\n  "${"x".repeat(90)}",\n]`);
  });
  it("does not use heredocs inside lists", () => {
    expect(emitHclValue(["a\nb\n"])).toBe('["a\\nb\\n"]');
  });
  it("writes raw expressions as they are", () => {
    expect(emitHclValue({ a: { __expr: "dependency.vpc.outputs.id" }, b: [{ __expr: 'get_env("X")' }] })).toBe(
      '{\n  a = dependency.vpc.outputs.id\n  b = [get_env("X")]\n}',
    );
  });
  it("reads numbers back exactly", async () => {
    const numbers = [0, 1, -7, 0.1, 1e21, 5e-7, 1.7976931348623157e308, 5e-324, 0.30000000000000004, 9007199254740991];
    expect(await readBack(numbers)).toEqual(numbers);
  });
});

describe("blocks and formatting", () => {
  it("writes attributes and blocks", () => {
    expect(emitAttribute("name", "x", 1)).toBe('  name = "x"');
    expect(() => emitAttribute("my key", 1)).toThrow(/attribute name/);
    expect(emitBlock({ type: "dependency", labels: ["vpc"], body: [emitAttribute("config_path", "../vpc", 1)] })).toBe(
      'dependency "vpc" {\n  config_path = "../vpc"\n}',
    );
    expect(emitBlock({ type: "locals", body: [] })).toBe("locals {\n}");
  });
  it("aligns equals signs with hcl-tools' formatter", async () => {
    expect(await formatHcl(`inputs = {\na = 1\nlonger = "x"\n}\n`)).toBe(`inputs = {\n  a      = 1\n  longer = "x"\n}\n`);
  });
});

describe("heredoc grapheme edge (found by the property test)", () => {
  it("quotes text whose line starts with a zero-width joiner or combining mark", async () => {
    for (const text of ["\u200d\n\n", "\u0301x\nb\n", "\u00a0${\n\n", "\u3000a\n"]) {
      expect(emitHclValue(text)).toMatch(/^"/);
      expect(unescapeHclTemplate((await readBack(text)) as string)).toBe(text.normalize("NFC"));
    }
  });
});
