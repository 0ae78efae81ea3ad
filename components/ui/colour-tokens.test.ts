import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { contrastRatio, readColourTokens, tokenContrastRules } from "./colour-tokens";

const css = readFileSync(new URL("../../app/globals.css", import.meta.url), "utf8");
const themes = readColourTokens(css);

describe("colour tokens in app/globals.css", () => {
  it("computes WCAG contrast ratios", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#ffffff", "#ffffff")).toBeCloseTo(1, 5);
    // The failure of issue 13: zinc-500 text on zinc-900 is 3.67:1.
    expect(contrastRatio("#71717b", "#18181b")).toBeCloseTo(3.67, 2);
  });

  it("defines every token in both themes", () => {
    expect(Object.keys(themes.dark).sort()).toEqual(Object.keys(themes.light).sort());
    expect(Object.keys(themes.light)).toEqual(expect.arrayContaining(["fg", "fg-muted", "fg-subtle", "page", "raised", "sunken", "tint", "control", "focus"]));
  });

  for (const theme of ["light", "dark"] as const) {
    it(`holds WCAG 2.2 AA for every pair in the ${theme} theme`, () => {
      const failures = tokenContrastRules
        .map((rule) => ({ ...rule, ratio: contrastRatio(resolve(theme, rule.fg), resolve(theme, rule.bg)) }))
        .filter((r) => r.ratio < r.min)
        .map((r) => `${r.fg} on ${r.bg}: ${r.ratio.toFixed(2)} < ${r.min}`);
      expect(failures).toEqual([]);
    });
  }

  it("would catch the old dark-theme muted text", () => {
    const broken = readColourTokens(css.replace("--color-fg-subtle: #909099;", "--color-fg-subtle: #71717b;"));
    expect(contrastRatio(broken.dark["fg-subtle"]!, broken.dark.raised!)).toBeLessThan(4.5);
  });
});

describe("components and app", () => {
  it("use the colour tokens, not raw neutral palette shades", () => {
    // A zinc/gray/slate class has no dark value of its own: the contrast failures of issue 13.
    const raw = /(?<![\w-])(?:[\w[\]&=-]+:)*(?:text|bg|border(?:-[xytrbl])?|divide|ring|outline|decoration|placeholder|fill|stroke)-(?:zinc|gray|slate|neutral|stone)-\d{2,3}(?:\/\d+)?(?![\w-])/g;
    const root = path.resolve(__dirname, "../..");
    const list = (dir: string): string[] =>
      readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? list(path.join(dir, e.name)) : /\.(tsx?|css)$/.test(e.name) && !e.name.includes(".test.") ? [path.join(dir, e.name)] : [],
      );
    const files = ["components", "app"].flatMap((dir) => list(dir));
    const found = files.flatMap((file) => [...readFileSync(path.join(root, file), "utf8").matchAll(raw)].map((m) => `${file}: ${m[0]}`));
    expect(found).toEqual([]);
  });
});

function resolve(theme: "light" | "dark", name: string): string {
  if (name.startsWith("#")) return name;
  const value = themes[theme][name];
  if (!value) throw new Error(`No token --color-${name} in the ${theme} theme`);
  return value;
}
