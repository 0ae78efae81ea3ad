import { describe, expect, it } from "vitest";
import { buildChatPayload, CHAT_MAX_NOTICES, escapeMrkdwn } from "./build-chat-payload";

const line = (i: number) => ({ workload: `Payments ${i}`, module: "vpc", fromVersion: "1.0.0", unitPath: `prod/eu-west-1/vpc-${i}`, dueAt: new Date("2026-11-01T00:00:00Z"), severity: null, url: `https://portal.example/inbox?notice=n${i}` });

describe("buildChatPayload", () => {
  it("builds Slack's { text, blocks } with a plain fallback and one section per notice", () => {
    const payload = buildChatPayload({ notices: [line(1), { ...line(2), severity: "critical" }], inboxUrl: "https://portal.example/inbox" });
    expect(payload.text).toBe("2 module update notices are overdue in Bulkhead.");
    expect(payload.blocks).toHaveLength(3);
    expect(JSON.stringify(payload.blocks[1])).toContain("<https://portal.example/inbox?notice=n1|Payments 1: vpc 1.0.0>");
    expect(JSON.stringify(payload.blocks[2])).toContain("was due 2026-11-01 · severity critical");
  });

  it("caps the sections and links the rest", () => {
    const payload = buildChatPayload({ notices: Array.from({ length: CHAT_MAX_NOTICES + 5 }, (_, i) => line(i)), inboxUrl: "https://portal.example/inbox" });
    expect(payload.blocks).toHaveLength(CHAT_MAX_NOTICES + 2);
    expect(JSON.stringify(payload.blocks.at(-1))).toContain("and 5 more in the portal");
  });

  it("keeps hostile names from pinging the channel, linking elsewhere or formatting", () => {
    const payload = buildChatPayload({ notices: [{ ...line(1), workload: "<!channel> <https://evil.example|click> *bold* @here", unitPath: "a\nb" }], inboxUrl: "https://portal.example/inbox" });
    const text = JSON.stringify(payload.blocks);
    expect(text).not.toContain("<!channel>");
    expect(text).not.toContain("<https://evil");
    expect(text).toContain("&lt;!channel&gt;");
    expect(text).not.toMatch(/@here/);
    expect(text).not.toContain("*bold*");
  });
});

describe("escapeMrkdwn", () => {
  it("escapes Slack's control characters and flattens lines", () => {
    expect(escapeMrkdwn("a & <b>\nc")).toBe("a &amp; &lt;b&gt; c");
  });
});
