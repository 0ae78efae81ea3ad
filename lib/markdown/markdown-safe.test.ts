import fc from "fast-check";
import { Marked } from "marked";
import { describe, expect, it } from "vitest";
import { cleanUserText, escapeMarkdownText, markdownFencedBlock, markdownInlineCode, markdownLink, plainTitle } from "./markdown-safe";

// GitHub-flavoured markdown as the oracle: what a renderer makes of the text, not what it looks like.
const marked = new Marked({ gfm: true, breaks: false });
const render = (markdown: string) => marked.parse(markdown, { async: false });

// The value from the security review: it closed the code block and added a heading, a team
// mention and a phishing link to the rendered PR.
const ATTACK = [
  "10.0.0.0/16",
  "```",
  "",
  "# Security review: approved, safe to merge",
  "",
  "@acme-platform/platform-team please merge, reviewed by security.",
  "",
  "[Sign in to approve](http://phish.example/login) or https://phish.example/x www.phish.example a@phish.example #123",
  "<img src=x onerror=alert(1)> <script>alert(1)</script>",
  "````",
  "~~~",
].join("\n");

/** Outside <code>/<pre>, the rendered HTML has no heading, link, image, raw HTML, and no bare @, http or www. */
function structureOutsideCode(html: string): string[] {
  const outside = html.replace(/<pre>[\s\S]*?<\/pre>/g, "").replace(/<code>[\s\S]*?<\/code>/g, "");
  const found: string[] = [];
  for (const tag of ["<h1", "<h2", "<h3", "<a ", "<img", "<script", "<hr", "<blockquote", "<ul", "<ol", "<table"]) if (outside.includes(tag)) found.push(tag);
  if (/@(?!\u200b)[A-Za-z]/.test(outside)) found.push("@mention");
  if (/https?:\/\//.test(outside)) found.push("url");
  if (/www\./.test(outside)) found.push("www");
  return found;
}

describe("markdownFencedBlock", () => {
  it("keeps the attack inside one code block, whatever fences it holds", () => {
    const block = markdownFencedBlock(ATTACK, "hcl");
    expect(block.startsWith("`````hcl\n")).toBe(true);
    const html = render(`Before\n\n${block}\n\nAfter`);
    expect(html.match(/<pre>/g)).toHaveLength(1);
    expect(structureOutsideCode(html)).toEqual([]);
    expect(html).toContain("<p>After</p>");
  });

  it("ends every line the same way, so a lone CR cannot end the block early", () => {
    const html = render(markdownFencedBlock("a\r```\r# Heading\r\nb"));
    expect(html.match(/<pre>/g)).toHaveLength(1);
    expect(structureOutsideCode(html)).toEqual([]);
  });

  it("drops anything but letters, digits and +-_ from the info string", () => {
    expect(markdownFencedBlock("x", "hcl`\n# h")).toBe("```hclh\nx\n```");
  });

  it("normalises line ends and strips control and bidi characters", () => {
    expect(markdownFencedBlock("a\r\nb\rc\u0000\u202Ed\n\n", "text")).toBe("```text\na\nb\ncd\n```");
    expect(cleanUserText("x\u0007\u200Fy\tz")).toBe("xy\tz");
  });
});

describe("markdownInlineCode", () => {
  it.each([
    ["plain", "`plain`"],
    ["has `one` tick", "``has `one` tick``"],
    ["``double``", "``` ``double`` ```"],
    ["`edge", "`` `edge ``"],
    [" spaced ", "`  spaced  `"],
    ["line\n# heading\r\n@team", "`line # heading @team`"],
    ["a\u202Eb\u0007c", "`abc`"],
  ])("%j", (text, expected) => {
    expect(markdownInlineCode(text)).toBe(expected);
    expect(structureOutsideCode(render(`value = ${expected}`))).toEqual([]);
  });

  it("cuts values longer than maxLength, and shows an empty value as a blank span", () => {
    expect(markdownInlineCode("x".repeat(500), { maxLength: 10 })).toBe(`\`${"x".repeat(9)}…\``);
    expect(markdownInlineCode("x".repeat(500))).toHaveLength(502);
    expect(markdownInlineCode("  \n ")).toBe("`\u00a0\u00a0\u00a0\u00a0`");
  });

  it("keeps the attack on one line, in one span", () => {
    const html = render(`name = ${markdownInlineCode(ATTACK)}`);
    expect(html.match(/<code>/g)).toHaveLength(1);
    expect(structureOutsideCode(html)).toEqual([]);
  });
});

describe("escapeMarkdownText", () => {
  it("shows the attack as text: no heading, mention, link, image or HTML", () => {
    const escaped = escapeMarkdownText(ATTACK);
    expect(escaped).not.toContain("\n");
    const html = render(`**Requested by:** ${escaped} via Bulkhead`);
    expect(structureOutsideCode(html)).toEqual([]);
    expect(html).not.toContain("<script");
    expect(html).toContain("&lt;script&gt;");
  });

  it("breaks mentions, issue references, URLs and emails that GitHub links after rendering", () => {
    const escaped = escapeMarkdownText("@alice #12 http://x.example www.y.example bob@z.example");
    expect(escaped).toBe("\\@\u200balice \\#\u200b12 http\\:\u200b\\/\\/x\\.example www\u200b\\.y\\.example bob\\@\u200bz\\.example");
  });

  it("never lets text start a line or a block, for any input (property)", () => {
    const pieces = fc.constantFrom("#", "##", "-", "*", "+", "1.", ">", "```", "~~~", "|", "<div>", "[x](http://e.example)", "@team", "\n", "\r", "\u2028", "\t", "    ", " ", "a", "=", "_");
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 20 }).map((parts) => parts.join("")), (text) => {
        const html = render(`Start ${escapeMarkdownText(text)} end`);
        expect(html.startsWith("<p>Start")).toBe(true);
        expect(html.trim().endsWith("end</p>")).toBe(true);
        expect((html.match(/<p>/g) ?? []).length).toBe(1);
        expect(structureOutsideCode(html)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("markdownLink", () => {
  it("links http(s) and portal paths with an escaped label, and nothing else", () => {
    expect(markdownLink("vpc 1.0.0", "https://portal.example/catalogue/x?version=1.0.0")).toBe("[vpc 1\\.0\\.0](<https://portal.example/catalogue/x?version=1.0.0>)");
    expect(markdownLink("x", "/scaffold/1")).toBe("[x](</scaffold/1>)");
    expect(markdownLink("x", "javascript:alert(1)")).toBe("x");
    expect(markdownLink("x", "//evil.example")).toBe("x");
    const html = render(markdownLink("](http://phish.example) [", "https://portal.example/a b>c"));
    expect(html.match(/<a /g)).toHaveLength(1);
    expect(html).toContain('href="https://portal.example/a%20b%3Ec"');
  });

  it("keeps a destination whole when it holds brackets, parentheses or a backslash", () => {
    const link = markdownLink("the [notice]", "https://p.example/n/1?a=)](x) <y>\\");
    expect(link).toBe("[the \\[notice\\]](<https://p.example/n/1?a=)](x)%20%3Cy%3E%5C>)");
    const html = render(link);
    expect(html.match(/<a /g)).toHaveLength(1);
    expect(html).toContain(">the [notice]</a>");
  });
});

describe("plainTitle", () => {
  it("makes one capped line without control characters", () => {
    expect(plainTitle("Upgrade\n# x\u0000 to 1.0")).toBe("Upgrade # x to 1.0");
    expect(plainTitle("y".repeat(300), 20)).toHaveLength(20);
  });
});
