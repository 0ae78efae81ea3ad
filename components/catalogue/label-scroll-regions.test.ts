import { describe, expect, it } from "vitest";
import { renderReadme } from "@/lib/catalogue/render-readme";
import { labelScrollRegions } from "./label-scroll-regions";

const location = { gitUrl: "https://github.example.com", owner: "acme", repo: "mods", ref: "v1.0.0", modulePath: "" };

describe("labelScrollRegions", () => {
  it("makes every code block and table of a README a focusable, numbered region", () => {
    const html = renderReadme(["```hcl", 'a = "<b>"', "```", "", "| x | y |", "|---|---|", "| 1 | 2 |", "", "```", "two", "```"].join("\n"), location);
    const out = labelScrollRegions(html, "README");
    expect(out).toContain('<pre role="region" tabindex="0" aria-label="README code block 1"><code class="language-hcl">');
    expect(out).toContain('<pre role="region" tabindex="0" aria-label="README code block 2"><code>two');
    expect(out).toMatch(/<div role="region" tabindex="0" aria-label="README table 1" class="md-scroll"><table>[\s\S]*<\/table><\/div>/);
    // Code text that looks like a tag is escaped by the renderer and left alone.
    expect(out).toContain("&lt;b&gt;");
  });

  it("keeps nested tables balanced and escapes the label", () => {
    const out = labelScrollRegions("<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table>", 'Changelog "1.0"');
    expect(out.match(/<div /g)).toHaveLength(2);
    expect(out.match(/<\/div>/g)).toHaveLength(2);
    expect(out).toContain('aria-label="Changelog &quot;1.0&quot; table 2"');
  });

  it("leaves markdown without code or tables unchanged", () => {
    expect(labelScrollRegions("<p>plain <code>inline</code></p>", "README")).toBe("<p>plain <code>inline</code></p>");
  });
});
