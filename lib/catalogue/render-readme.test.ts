import { labelScrollRegions } from "@/components/catalogue/label-scroll-regions";
import { describe, expect, it } from "vitest";
import { isOwnRepoUrl, renderReadme, resolveReadmeUrl, resolveRepoPath, type ReadmeLocation } from "./render-readme";

const location: ReadmeLocation = {
  gitUrl: "https://github.example.com/",
  owner: "acme-platform",
  repo: "iac-modules",
  ref: "vpc/v1.2.0",
  modulePath: "modules/vpc",
};

describe("renderReadme code blocks", () => {
  it("makes every code block a focusable, labelled region, whatever the author wrote on it", () => {
    // The renderer drops whatever the author wrote on a <pre>; the view (MarkdownView) makes each one a numbered region.
    const html = labelScrollRegions(renderReadme('```hcl\nmodule "vpc" {}\n```\n\n<pre tabindex="-1" aria-label="x" onfocus="alert(1)">raw</pre>', location), "README");
    expect(html.match(/<pre [^>]*>/g)).toEqual([
      '<pre role="region" tabindex="0" aria-label="README code block 1">',
      '<pre role="region" tabindex="0" aria-label="README code block 2">',
    ]);
    expect(html).toContain('<code class="language-hcl">module "vpc" {}');
  });
});

describe("renderReadme sanitizing", () => {
  it("removes script tags, event handlers and javascript: URLs", () => {
    const html = renderReadme(
      [
        "# Title",
        "",
        "<script>alert('x')</script>",
        '<img src="x.png" onerror="alert(1)">',
        '<a href="javascript:alert(1)">click</a>',
        '<a href="JaVa&#x53;cript:alert(3)">enc</a>',
        '<iframe src="https://evil.example"></iframe>',
        '<div style="background:url(x)" onclick="steal()">styled</div>',
        '<svg onload="alert(4)"><circle r="1"/></svg>',
        '<form action="https://evil.example"><input type="text" name="q"></form>',
        "",
        "[md link](javascript:alert(2)) and [spaced](java%0Ascript:alert(5))",
      ].join("\n"),
      location,
    );
    expect(html).not.toMatch(/<script/i);
    // Whatever survives points at the git host: a browser reads `java%0Ascript:` as a relative path.
    for (const match of html.matchAll(/(?:href|src)="([^"]*)"/g)) expect(match[1]).toMatch(/^https:\/\/github\.example\.com\//);
    expect(html.replace(/href="[^"]*"/g, "")).not.toMatch(/alert\(/);
    expect(html).not.toMatch(/onerror|onclick|onload/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).not.toMatch(/<iframe|<svg|<form|<input type="text"|style=/i);
    expect(html).toContain("click");
    expect(html).toContain("styled");
    expect(html).toContain("md link");
  });

  it("keeps GitHub-flavoured markdown: tables, code blocks with language, task lists", () => {
    const html = renderReadme(
      ["| a | b |", "|---|:-:|", "| 1 | 2 |", "", "```hcl", 'name = "x"', "```", "", "- [x] done", "- [ ] todo"].join("\n"),
      location,
    );
    expect(html).toContain("<table>");
    expect(html).toContain('<td align="center">2</td>');
    expect(html).toContain('<code class="language-hcl">');
    expect(html).toContain('<input checked disabled type="checkbox" /> done');
  });

  it("nests headings under the page's section without skipping levels when asked", () => {
    const levels = (markdown: string, topHeadingLevel?: number) =>
      [...renderReadme(markdown, { ...location, headingLevels: "nest", topHeadingLevel }).matchAll(/<h(\d)/g)].map((m) => Number(m[1]));
    // A README that starts at ### (the h5 right after the page's h2 of issue 13).
    expect(levels("### Usage\n\n#### Inputs\n\n### Outputs")).toEqual([3, 4, 3]);
    // Jumps down are closed up; jumps back up go to the level of the section they return to.
    expect(levels("# vpc\n\n#### Deep\n\n###### Deeper\n\n## Usage\n\n### Example")).toEqual([3, 4, 5, 4, 5]);
    // A later heading shallower than the first one starts a new top-level section.
    expect(levels("## A\n\n# B\n\n## C")).toEqual([3, 3, 4]);
    // Never deeper than h6; the changelog sits one level lower.
    expect(levels("# a\n## b\n### c\n#### d\n##### e", 4)).toEqual([4, 5, 6, 6, 6]);
    // Ids and anchors are as with "shift".
    expect(renderReadme("### Usage", { ...location, headingLevels: "nest" })).toContain('<h3 id="readme-usage">Usage</h3>');
    // The default keeps the plain shift.
    expect([...renderReadme("### Usage", location).matchAll(/<h(\d)/g)].map((m) => Number(m[1]))).toEqual([5]);
  });

  it("shifts headings below the page's own and gives them prefixed ids", () => {
    const html = renderReadme("# vpc\n\n## Usage\n\n## Usage\n\n[see usage](#usage)", location);
    expect(html).toContain('<h3 id="readme-vpc">vpc</h3>');
    expect(html).toContain('<h4 id="readme-usage">Usage</h4>');
    expect(html).toContain('<h4 id="readme-usage-1">Usage</h4>');
    expect(html).toContain('href="#readme-usage"');
  });
});

describe("link and image resolution", () => {
  it("sends relative links to the file at the version's tag", () => {
    const html = renderReadme("[basic](examples/basic) [flow](./modules/flow-logs/README.md#inputs) [root](../../LICENSE)", location);
    expect(html).toContain('href="https://github.example.com/acme-platform/iac-modules/blob/vpc/v1.2.0/modules/vpc/examples/basic"');
    expect(html).toContain(
      'href="https://github.example.com/acme-platform/iac-modules/blob/vpc/v1.2.0/modules/vpc/modules/flow-logs/README.md#inputs"',
    );
    expect(html).toContain('href="https://github.example.com/acme-platform/iac-modules/blob/vpc/v1.2.0/LICENSE"');
  });

  it("sends relative images to the raw file at the tag", () => {
    const html = renderReadme("![diagram](docs/diagram.png)\n\n<img src=\"/assets/logo one.svg\" alt=\"logo\">", location);
    expect(html).toContain('src="https://github.example.com/acme-platform/iac-modules/raw/vpc/v1.2.0/modules/vpc/docs/diagram.png"');
    expect(html).toContain('src="https://github.example.com/acme-platform/iac-modules/raw/vpc/v1.2.0/assets/logo%20one.svg"');
    expect(html).toContain('loading="lazy"');
  });

  it("leaves absolute links alone and marks them external", () => {
    const html = renderReadme("[tf](https://developer.hashicorp.com/terraform) [mail](mailto:platform@example.com)", location);
    expect(html).toContain('<a href="https://developer.hashicorp.com/terraform" rel="noopener noreferrer nofollow">tf</a>');
    expect(html).toContain('href="mailto:platform@example.com"');
  });

  it("drops data: and protocol-relative images", () => {
    const html = renderReadme('![x](data:image/png;base64,AAAA) <img src="//evil.example/x.png">', location);
    expect(html).not.toContain("data:");
    expect(html).not.toContain("evil.example");
  });

  it("never climbs above the repo root", () => {
    expect(resolveRepoPath("modules/vpc", "../../../../etc/passwd")).toBe("etc/passwd");
    expect(resolveRepoPath("", "./a/./b/../c")).toBe("a/c");
    expect(resolveRepoPath("modules/vpc", "/docs/x.md")).toBe("docs/x.md");
  });

  it("links the module folder itself as a tree", () => {
    expect(resolveReadmeUrl("./", location, "link")).toBe("https://github.example.com/acme-platform/iac-modules/tree/vpc/v1.2.0/modules/vpc");
    expect(resolveReadmeUrl("examples/", location, "link")).toBe(
      "https://github.example.com/acme-platform/iac-modules/tree/vpc/v1.2.0/modules/vpc/examples",
    );
    expect(resolveReadmeUrl("./", { ...location, modulePath: "" }, "link")).toBe(
      "https://github.example.com/acme-platform/iac-modules/tree/vpc/v1.2.0",
    );
  });
});

describe("renderReadme external images", () => {
  const hostile = [
    "![pixel](https://tracker.example/p.gif?u=1)",
    "[![build](https://badges.example/ci.svg)](https://ci.example/job)",
    '<img src="https://tracker.example/raw.gif" alt="">',
    '<img src="https://github.example.com/acme-platform/iac-modules-evil/raw/main/x.png" alt="lookalike repo">',
    '<img src="https://github.example.com/acme-platform/iac-modules/../other/raw/main/x.png" alt="dot-dot">',
    '<img src="https://github.example.com/acme-platform/iac-modules/%2e%2e/other/raw/main/x.png" alt="encoded dot-dot">',
    '<img src="https://user:pw@github.example.com/acme-platform/iac-modules/raw/main/x.png" alt="credentials">',
    '<img src="https://github.example.com.evil.example/acme-platform/iac-modules/raw/main/x.png" alt="lookalike host">',
  ].join("\n\n");

  it("drops images from anywhere but the module's own repo, keeping their alt text", () => {
    const html = renderReadme(hostile, location);
    expect(html).not.toMatch(/<img/);
    expect(html).not.toMatch(/src=/);
    for (const alt of ["pixel", "build", "lookalike repo", "dot-dot", "encoded dot-dot", "credentials", "lookalike host"]) expect(html).toContain(alt);
    expect(html).toContain("[external image]");
    // The badge's link still works; only the image is not fetched.
    expect(html).toContain('href="https://ci.example/job"');
  });

  it("keeps images from the module's own repo, relative or absolute, at any ref", () => {
    const html = renderReadme(
      [
        "![diagram](docs/diagram.png)",
        "![abs](https://github.example.com/acme-platform/iac-modules/raw/main/docs/arch.png)",
        "![case](https://GITHUB.example.com/Acme-Platform/IAC-modules/blob/v1/x.png?raw=true)",
      ].join("\n\n"),
      location,
    );
    expect(html.match(/<img /g)).toHaveLength(3);
    expect(html).toContain('src="https://github.example.com/acme-platform/iac-modules/raw/main/docs/arch.png"');
  });

  it("accepts GitHub's raw host for the own repo only when the git host is github.com", () => {
    const github = { ...location, gitUrl: "https://github.com" };
    expect(isOwnRepoUrl("https://raw.githubusercontent.com/acme-platform/iac-modules/v1/x.png", github)).toBe(true);
    expect(isOwnRepoUrl("https://raw.githubusercontent.com/acme-platform/other/v1/x.png", github)).toBe(false);
    expect(isOwnRepoUrl("http://raw.githubusercontent.com/acme-platform/iac-modules/v1/x.png", github)).toBe(false);
    expect(isOwnRepoUrl("https://raw.githubusercontent.com/acme-platform/iac-modules/v1/x.png", location)).toBe(false);
    expect(isOwnRepoUrl("https://ghe.example.com/git/acme-platform/iac-modules/raw/x.png", { ...location, gitUrl: "https://ghe.example.com/git/" })).toBe(true);
    expect(isOwnRepoUrl("https://ghe.example.com/acme-platform/iac-modules/raw/x.png", { ...location, gitUrl: "https://ghe.example.com/git/" })).toBe(false);
  });

  it("lets external images through when configured to allow them", () => {
    const html = renderReadme(hostile, { ...location, externalImages: "allow" });
    expect(html).toContain('<img src="https://tracker.example/p.gif?u=1" alt="pixel" loading="lazy" />');
    expect(html).toContain('src="https://badges.example/ci.svg"');
  });
});

describe("renderReadme ids", () => {
  it("prefixes every raw id and name, and the # links that point at them", () => {
    const html = renderReadme(
      [
        '<h2 id="main-content">Clobber</h2>',
        '<div id="__next">x</div>',
        '<p><a name="install"></a><a id="location" href="#install">jump</a> <img id="cookie" src="docs/a.png" alt="a"></p>',
        '<span id="readme-usage">already prefixed</span>',
        '<p id="  ">blank</p>',
        "",
        "## Usage",
      ].join("\n"),
      location,
    );
    const ids = [...html.matchAll(/\s(?:id|name)="([^"]*)"/g)].map((m) => m[1]);
    expect(ids).toEqual(["readme-main-content", "readme-__next", "readme-install", "readme-location", "readme-cookie", "readme-readme-usage", "readme-usage"]);
    expect(html).toContain('href="#readme-install"');
    expect(html).not.toMatch(/<p id/);
  });
});
