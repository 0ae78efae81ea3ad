import { describe, expect, it } from "vitest";
import { checkChatWebhookUrl, isNonPublicAddress } from "./check-chat-webhook-url";

const production = { production: true, allowHosts: [] as string[] };
const message = (url: string, rules = production) => {
  const checked = checkChatWebhookUrl(url, rules);
  return checked.ok ? "ok" : checked.message;
};

describe("checkChatWebhookUrl", () => {
  it("accepts a public https webhook and normalises it", () => {
    const checked = checkChatWebhookUrl("  https://hooks.slack.com/services/T000/B000/XXXX ", production);
    expect(checked).toMatchObject({ ok: true, allowListed: false });
    expect(checked.ok && checked.url.href).toBe("https://hooks.slack.com/services/T000/B000/XXXX");
  });

  it("refuses plain http, other schemes, credentials, fragments and what is not a URL", () => {
    expect(message("http://hooks.slack.com/services/x")).toContain("must use https");
    expect(message("ftp://hooks.slack.com/x")).toContain("must use https");
    expect(message("javascript:alert(1)")).toContain("must use https");
    expect(message("https://user:secret@hooks.slack.com/x")).toContain("user name or password");
    expect(message("https://token@hooks.slack.com/x")).toContain("user name or password");
    expect(message("https://hooks.slack.com/x#frag")).toContain("#fragment");
    expect(message("hooks.slack.com/x")).toContain("not a valid URL");
    expect(message(`https://hooks.slack.com/${"a".repeat(3000)}`)).toContain("longer than");
  });

  it("refuses loopback, private, link-local and internal hosts in production, in every spelling", () => {
    for (const url of [
      "https://127.0.0.1/x",
      "https://2130706433/x",
      "https://0x7f.0.0.1/x",
      "https://10.1.2.3/x",
      "https://172.16.0.1/x",
      "https://192.168.1.1/x",
      "https://169.254.169.254/latest/meta-data",
      "https://100.64.0.1/x",
      "https://0.0.0.0/x",
      "https://[::1]/x",
      "https://[::ffff:127.0.0.1]/x",
      "https://[fd00::1]/x",
      "https://[fe80::1]/x",
      "https://localhost/x",
      "https://chat.localhost/x",
      "https://metadata.internal/x",
      "https://intranet/x",
    ]) {
      expect(message(url), url).toContain("private, loopback or internal");
    }
  });

  it("lets development reach private hosts over https, and allow-listed hosts (the emulator, tests) over http", () => {
    expect(message("https://10.1.2.3/x", { production: false, allowHosts: [] })).toBe("ok");
    expect(message("http://10.1.2.3/x", { production: false, allowHosts: [] })).toContain("must use https");
    expect(checkChatWebhookUrl("http://127.0.0.1:4250/hook", { production: true, allowHosts: ["127.0.0.1:4250"] })).toMatchObject({ ok: true, allowListed: true });
    // The allowance is for that host and port only.
    expect(message("http://127.0.0.1:4251/hook", { production: true, allowHosts: ["127.0.0.1:4250"] })).toContain("must use https");
    expect(message("http://u:p@127.0.0.1:4250/hook", { production: true, allowHosts: ["127.0.0.1:4250"] })).toContain("user name or password");
  });
});

describe("isNonPublicAddress", () => {
  it("tells public unicast addresses from the rest", () => {
    expect(["8.8.8.8", "1.1.1.1", "2606:4700::1111", "172.32.0.1", "192.169.0.1"].map(isNonPublicAddress)).toEqual([false, false, false, false, false]);
    expect(["127.0.0.1", "10.0.0.1", "172.31.255.255", "192.168.0.1", "169.254.1.1", "224.0.0.1", "::1", "::", "fc00::1", "fe80::1", "::ffff:10.0.0.1", "::ffff:a00:1"].map(isNonPublicAddress)).toEqual(
      Array(12).fill(true),
    );
  });
});
