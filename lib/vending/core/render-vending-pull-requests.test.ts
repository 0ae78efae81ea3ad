import { describe, expect, it } from "vitest";
import { renderConsumerPullRequest, renderProviderPullRequest, vendingBranchName, type VendingPullRequestInput } from "./render-vending-pull-requests";

const input: VendingPullRequestInput = {
  requestId: "6f1c2a9e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
  workload: { slug: "orders", name: "Orders <script>alert(1)</script>" },
  requestedBy: "Bob [Lead](javascript:alert(1)) @acme-platform/admins",
  approvedBy: "Carol Admin",
  requestUrl: "http://portal.test/accounts/requests/6f1c2a9e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
  accounts: [
    { env: "dev", accountName: "orders-dev", accountId: "123456789012", ou: { id: "ou-ab12-11111111", name: "NonProd | Team" }, tags: { CostCode: "CC-1234" } },
    { env: "prod", accountName: "orders-prod", accountId: "210987654321", ou: { id: "ou-ab12-22222222", name: "Prod" }, tags: {} },
  ],
};

describe("vending pull requests", () => {
  it("names one branch per request and lists every account with its file", () => {
    const provider = renderProviderPullRequest(input);
    expect(provider.branch).toBe(vendingBranchName(input.requestId));
    expect(provider.title).toBe("Register the dev, prod accounts of orders");
    expect(provider.body).toContain("`accounts/orders-dev/account.hcl`");
    expect(provider.body).toContain("`210987654321`");
    expect(provider.body).toContain(`(<${input.requestUrl}>)`);
    expect(provider.labels).toEqual(["bulkhead", "account-vending"]);
    const consumer = renderConsumerPullRequest(input);
    expect(consumer.body).toContain("`prod/account.hcl`");
  });

  it("keeps free text inert: no markup, no links, no mentions, no broken table", () => {
    const body = renderProviderPullRequest(input).body;
    expect(body).not.toContain("<script>");
    expect(body).not.toContain("](javascript:");
    expect(body).not.toContain("@acme-platform/admins");
    expect(body).toContain("NonProd \\| Team");
    // Every table row has exactly the five cells of the header.
    for (const line of body.split("\n").filter((l) => l.startsWith("| dev") || l.startsWith("| prod"))) {
      expect(line.replace(/\\\|/g, "").split("|").length - 2).toBe(5);
    }
  });

  it("drops a link that is not http(s) and refuses an id that is not a UUID", () => {
    const body = renderConsumerPullRequest({ ...input, requestUrl: "javascript:alert(1)" }).body;
    expect(body).toContain(`Account set request: ${input.requestId.replace(/-/g, "\\-")}\n`);
    expect(body).not.toContain("](");
    expect(() => vendingBranchName("../../etc")).toThrow(/not a request id/);
  });
});
