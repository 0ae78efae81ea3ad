import { describe, expect, it } from "vitest";
import { buildNoticeMessage, buildResolvedComment, noticeMarker } from "./build-notice-message";

const input = {
  notice: {
    id: "5775c580-15f8-4e00-8000-000000000001",
    kind: "vulnerable" as const,
    fromVersion: "1.0.0",
    requiredVersion: "1.1.0",
    targetVersion: "1.2.0",
    dueAt: new Date("2026-12-07T00:00:00Z"),
    severity: "critical" as const,
    advisory: { severity: "critical" as const, summary: "Open security group", reference: "CVE-2026-1234", fixedIn: "1.1.0" },
  },
  workload: { slug: "payments", name: "Payments" },
  module: { name: "vpc" },
  unitPath: "prod/eu-west-1/vpc",
  file: "prod/eu-west-1/vpc/terragrunt.hcl",
  publicUrl: "https://portal.example",
};

describe("buildNoticeMessage", () => {
  it("says what to move to by when, with the marker, the advisory and a link to the notice", () => {
    const message = buildNoticeMessage(input);
    expect(message.title).toBe("[Bulkhead] Vulnerable version: vpc 1.0.0 in prod/eu-west-1/vpc");
    expect(message.body.split("\n")[0]).toBe(noticeMarker(input.notice.id));
    expect(message.body).toContain("- **Move to:** `1.2.0`");
    expect(message.body).toContain("- **Due:** 2026-12-07");
    expect(message.body).toContain("- **Reference:** `CVE-2026-1234`");
    expect(message.body).toContain("(<https://portal.example/inbox?notice=5775c580-15f8-4e00-8000-000000000001>)");
    expect(message.url).toBe("https://portal.example/inbox?notice=5775c580-15f8-4e00-8000-000000000001");
  });

  it("keeps hostile names inert: no heading, mention, link, HTML or line break gets through", () => {
    const message = buildNoticeMessage({
      ...input,
      workload: { slug: "payments", name: "Pay\n## Approved @acme/security [x](https://evil.example) <img src=x>" },
      unitPath: "dev/`x`\n# Approved",
      module: { name: "vpc\n<!-- bulkhead-notice:other -->" },
    });
    expect(message.body.split("\n").filter((l) => /^\s*#/.test(l))).toEqual([]);
    expect(message.body).not.toContain("@acme/security");
    expect(message.body).not.toContain("](https://evil.example");
    expect(message.body).not.toMatch(/(?<!\\)<img/);
    // A marker inside a value is not at the start of the body, where the adapter looks.
    expect(message.body.startsWith(noticeMarker(input.notice.id))).toBe(true);
    expect(message.body.split("\n").filter((l) => l.startsWith("<!--"))).toHaveLength(1);
    expect(message.title).not.toMatch(/[\n\r]/);
  });

  it("links an https advisory and shows anything else as code", () => {
    const https = buildNoticeMessage({ ...input, notice: { ...input.notice, advisory: { ...input.notice.advisory, reference: "https://github.com/advisories/GHSA-xxxx" } } });
    expect(https.body).toContain("(<https://github.com/advisories/GHSA-xxxx>)");
  });
});

describe("buildResolvedComment", () => {
  it("says why the issue closes", () => {
    expect(buildResolvedComment("satisfied")).toContain("satisfies this notice");
    expect(buildResolvedComment("no_longer_applies")).toContain("no longer applies");
  });
});
