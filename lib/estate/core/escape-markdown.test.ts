import { marked } from "marked";
import { describe, expect, it } from "vitest";
import { cleanText, fencedBlock, inlineCode, markdownLink, plainTitle } from "./escape-markdown";

describe("inlineCode", () => {
  it("wraps plain values in single backticks", () => {
    expect(inlineCode("vpc/v1.4.0")).toBe("`vpc/v1.4.0`");
  });

  it("uses a delimiter longer than any backtick run, padding values that touch a backtick", () => {
    expect(inlineCode("a`b")).toBe("``a`b``");
    expect(inlineCode("``x")).toBe("``` ``x ```");
    expect(inlineCode(" spaced ")).toBe("`  spaced  `");
  });

  it("keeps values on one line, caps them and never renders them", async () => {
    const value = "a\n# heading\r\n@alice <b>x</b> [l](https://e.example)";
    const code = inlineCode(value);
    expect(code).not.toMatch(/[\r\n]/);
    const html = await marked.parseInline(`x ${code}`);
    expect(html).toBe("x <code>a # heading @alice &lt;b&gt;x&lt;/b&gt; [l](https://e.example)</code>");
    expect(inlineCode("x".repeat(500), 10)).toBe(`\`${"x".repeat(9)}…\``);
    expect(inlineCode("  \n ")).toBe("_(empty)_");
  });
});

describe("fencedBlock", () => {
  it("fences with more backticks than any run inside, so no line closes it early", async () => {
    const value = "before\n```\n# not a heading\n``````\nafter";
    const block = fencedBlock(value, "markdown");
    expect(block.startsWith("```````markdown\n")).toBe(true);
    const html = await marked.parse(block);
    expect(html).not.toMatch(/<h1/);
    expect(html).toContain("# not a heading");
  });

  it("normalises line ends and strips control and bidi characters", () => {
    expect(fencedBlock("a\r\nb\rc\u0000\u202Ed\n\n")).toBe("```text\na\nb\ncd\n```");
    expect(cleanText("x\u0007\u200Fy\tz")).toBe("xy\tz");
  });
});

describe("markdownLink", () => {
  it("escapes the label and encodes characters that could end the destination", () => {
    expect(markdownLink("the [notice]", "https://p.example/n/1?a=)](x) <y>")).toBe("[the \\[notice\\]](<https://p.example/n/1?a=%29%5D%28x%29%20%3Cy%3E>)");
  });

  it("refuses anything but http(s)", () => {
    expect(() => markdownLink("x", "javascript:alert(1)")).toThrow(/Only http and https/);
    expect(() => markdownLink("x", "data:text/html,hi")).toThrow(/Only http and https/);
    expect(() => markdownLink("x", "not a url")).toThrow(/not a valid URL/);
  });
});

describe("plainTitle", () => {
  it("makes one capped line", () => {
    expect(plainTitle("Upgrade\n# x\u0000 to 1.0")).toBe("Upgrade # x to 1.0");
    expect(plainTitle("y".repeat(300), 20)).toHaveLength(20);
  });
});
