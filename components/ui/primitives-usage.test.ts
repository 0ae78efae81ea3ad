import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/*
 * Forms use the primitives (issue 7): a text box, select or textarea outside components/ui is an
 * `Input`, `Select` or `Textarea`, so that each has the 3:1 border, the focus outline and the
 * invalid state, and no component keeps its own copy of the class string. Raw `<input>` stays
 * only for checkboxes, radios and hidden fields, which have no primitive.
 */

const ALLOWED_INPUT_TYPES = new Set(["checkbox", "radio", "hidden"]);

/** The raw form controls of one file's source that should be primitives, as "line: tag" strings. */
export function rawControls(code: string): string[] {
  // Comments may name a control ("as <input type=…> shows it"); blank them, keeping line numbers.
  const source = code.replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, (comment) => comment.replace(/[^\n]/g, " "));
  const found: string[] = [];
  const line = (index: number) => source.slice(0, index).split("\n").length;
  for (const match of source.matchAll(/<(select|textarea)[\s>]/g)) found.push(`${line(match.index)}: <${match[1]}>`);
  for (const match of source.matchAll(/<input\b/g)) {
    const end = source.indexOf("/>", match.index);
    const tag = source.slice(match.index, end === -1 ? undefined : end);
    const type = /\btype=["{]"?([a-z-]+)/.exec(tag)?.[1];
    if (!type || !ALLOWED_INPUT_TYPES.has(type)) found.push(`${line(match.index)}: <input type="${type ?? "text"}">`);
  }
  return found;
}

describe("rawControls", () => {
  it("finds hand-rolled text inputs, selects and textareas, and lets checkboxes, radios and hidden fields pass", () => {
    const source = [
      `<input id="a" className={inputClasses} onChange={(e) => set(e.target.value)} />`,
      `<input type="search" name="q" />`,
      `<input type="checkbox" checked={on} onChange={() => toggle()} />`,
      `<input type="radio" name="kind" />`,
      `<input type="hidden" name="provider" value={p.id} />`,
      `<select value={v}>`,
      `<textarea rows={2} />`,
      `<Select {...control} />`,
      `/** As <input type="datetime-local"> shows it. */`,
      `// a <select> in a comment`,
    ].join("\n");
    expect(rawControls(source)).toEqual(['6: <select>', '7: <textarea>', '1: <input type="text">', '2: <input type="search">']);
  });
});

describe("components and app", () => {
  it("use Input, Select and Textarea from components/ui instead of raw styled controls", () => {
    const root = path.resolve(__dirname, "../..");
    const list = (dir: string): string[] =>
      readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? list(path.join(dir, e.name)) : /\.tsx$/.test(e.name) && !e.name.includes(".test.") ? [path.join(dir, e.name)] : [],
      );
    const files = ["components", "app"].flatMap((dir) => list(dir)).filter((file) => !file.startsWith(path.join("components", "ui") + path.sep));
    const found = files.flatMap((file) => rawControls(readFileSync(path.join(root, file), "utf8")).map((hit) => `${file}:${hit}`));
    expect(found).toEqual([]);
  });
});
