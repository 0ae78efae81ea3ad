import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./render-markdown";

// The emulator's PR page shows a PR body as GitHub does (GFM), not as raw markdown.
describe("renderMarkdown (the emulator's PR page body)", () => {
  it("renders the portal's PR body: headings, tables, code and task lists", () => {
    const html = renderMarkdown(
      ["## Scaffold vpc 2.0.0", "", "| Input | Value |", "|---|---|", "| `cidr_block` | 10.0.0.0/16 |", "", "- [x] previewed", "- [ ] reviewed", "", "```hcl", 'source = "x"', "```"].join("\n"),
    );
    expect(html).toContain("<h2>Scaffold vpc 2.0.0</h2>");
    expect(html).toMatch(/<table>[\s\S]*<th>Input<\/th>[\s\S]*<code>cidr_block<\/code>[\s\S]*<\/table>/);
    expect(html).toMatch(/<input[^>]*type="checkbox"[^>]*checked[^>]*disabled|<input[^>]*checked[^>]*disabled[^>]*type="checkbox"/);
    expect(html).toContain('<code class="language-hcl">');
    expect(html).not.toContain("## Scaffold");
  });

  it("keeps a hostile body inert", () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror="alert(1)"> <a href="https://e.test" onclick="x()">ok</a>');
    expect(html).not.toMatch(/<script|onerror|onclick|javascript:/i);
    expect(html).toContain('href="https://e.test"');
    expect(html).toContain('rel="nofollow noopener noreferrer"');
  });
});
