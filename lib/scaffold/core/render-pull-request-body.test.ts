import { Marked } from "marked";
import { describe, expect, it } from "vitest";
import { renderPullRequestBody, renderPullRequestTitle } from "./render-pull-request-body";

const base = {
  kind: "create" as const,
  module: { name: "vpc", source: "acme/iac-modules//modules/vpc" },
  version: "2.0.0",
  catalogueUrl: "https://portal/catalogue/acme/iac-modules/vpc?version=2.0.0",
  workload: "Payments",
  unitPath: "dev/eu-west-1/vpc/terragrunt.hcl",
  requestedBy: "Alice",
  requestUrl: "https://portal/scaffold/requests/1",
};

const render = (markdown: string) => new Marked({ gfm: true }).parse(markdown, { async: false });

describe("renderPullRequestBody", () => {
  it("links the module version, lists inputs and never prints a sensitive value", () => {
    const body = renderPullRequestBody({
      ...base,
      inputs: { cidr: "10.0.0.0/16", password: { __expr: 'get_env("DB_PASSWORD")' }, leaked: "hunter2" },
      sensitiveInputs: new Set(["password", "leaked"]),
    });
    expect(body).toContain("[vpc 2\\.0\\.0](<https://portal/catalogue/acme/iac-modules/vpc?version=2.0.0>)");
    expect(body).toContain('- `cidr` = `"10.0.0.0/16"`');
    expect(body).toContain('- `password` = `get_env("DB_PASSWORD")` _(reference; sensitive input)_');
    expect(body).not.toContain("hunter2");
    expect(body).toContain("**Requested by:** Alice");
    expect(body).toContain("- [ ] ");
  });

  it("names promotions in the title and body", () => {
    expect(renderPullRequestTitle({ ...base, kind: "promote", unitPath: "stage/eu-west-1/vpc/terragrunt.hcl" })).toBe("Promote vpc 2.0.0 in stage/eu-west-1/vpc");
    const body = renderPullRequestBody({ ...base, kind: "promote", promotedFrom: "dev/eu-west-1/vpc/terragrunt.hcl", inputs: {}, sensitiveInputs: new Set() });
    expect(body).toContain("Promotes `dev/eu-west-1/vpc/terragrunt.hcl`");
    expect(body).toContain("applied and verified in the previous environment");
  });

  it("warns reviewers of a vulnerable version at the top, with the advisory kept inert", () => {
    const body = renderPullRequestBody({
      ...base,
      inputs: {},
      sensitiveInputs: new Set(),
      advisory: { severity: "high", text: "Leaks keys\n# Approved @acme/security <img src=x>", url: "https://www.cve.org/CVERecord?id=CVE-2026-4242", fixedIn: "2.0.1" },
    });
    const [first, second, third] = body.split("\n");
    expect(first).toBe("> [!WARNING]");
    expect(second).toMatch(/^> \*\*vpc 2\\\.0\\\.0 is flagged vulnerable \(high severity\)\.\*\* Leaks keys/);
    expect(second).toContain("Fixed in 2\\.0\\.1.");
    expect(second).toContain("[Advisory](<https://www.cve.org/CVERecord?id=CVE-2026-4242>)");
    expect(third).toContain("confirmed they read the advisory");
    const html = render(body);
    expect(html).not.toMatch(/<h1|<img|href="mailto|<a href="https:\/\/github\.com\/acme/);
    expect(renderPullRequestBody({ ...base, inputs: {}, sensitiveInputs: new Set() })).not.toContain("[!WARNING]");
  });

  it("keeps the security review's injected value inert: no fake heading, mention or phishing link (issue 8)", () => {
    const injected = [
      "payments-edge",
      "```",
      "",
      "## Security review: approved, safe to merge",
      "",
      "@acme-platform/platform-team this was reviewed, please merge.",
      "[Approve here](http://phish.example/login)",
      "```",
      "",
    ].join("\n");
    const body = renderPullRequestBody({
      ...base,
      workload: "Payments **now** [click](http://phish.example)",
      requestedBy: "Alice\n# Approved\n@security-team",
      inputs: { name: injected, description: "one line with ``` and <b>html</b> @team" },
      sensitiveInputs: new Set(),
    });
    // Line by line: only the portal's own text starts a line outside the code block.
    let fence: string | null = null;
    for (const line of body.split("\n")) {
      if (fence) {
        if (line === fence) fence = null;
        continue;
      }
      const opening = /^(`{3,})hcl$/.exec(line);
      if (opening) {
        fence = opening[1]!;
        continue;
      }
      expect(line).not.toMatch(/^(#(?!## (Inputs|Checklist)$)|@|\[|<(?!sub>)|```)/);
      expect(line).not.toMatch(/Security review|^payments-edge/);
    }
    expect(fence).toBeNull();
    // And as a renderer sees it: one code block; the only headings and links are the portal's own.
    const html = render(body);
    expect(html.match(/<pre>/g)).toHaveLength(1);
    expect(html.match(/<h\d[^>]*>[^<]*/g)).toEqual(["<h3>Inputs", "<h3>Checklist"]);
    expect(html.match(/href="[^"]*"/g)).toEqual(['href="https://portal/catalogue/acme/iac-modules/vpc?version=2.0.0"', 'href="https://portal/scaffold/requests/1"']);
    const outsideCode = html.replace(/<pre>[\s\S]*?<\/pre>/g, "").replace(/<code>[\s\S]*?<\/code>/g, "");
    expect(outsideCode).not.toMatch(/@(?!\u200b)[a-z]/);
    expect(outsideCode).not.toContain("<b>");
  });
});
