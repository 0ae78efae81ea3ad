/**
 * Which chat webhook URLs the portal will POST to. An admin types the URL, but the portal makes
 * the request from inside the network, so a careless or hostile URL could reach internal
 * services (SSRF) or leak credentials into logs:
 *  - https only, no `user:password@`, no fragment;
 *  - in production, no loopback, private, link-local, CGNAT, multicast or unspecified address,
 *    and no `localhost`/`.local`/`.internal` name (the adapter checks resolved addresses too);
 *  - hosts listed in `allowHosts` (`host` or `host:port`, from BULKHEAD_CHAT_WEBHOOK_ALLOW_HOSTS)
 *    skip the address and scheme rules: that is how the emulator and tests are reached over http.
 */
export interface ChatWebhookUrlRules {
  production: boolean;
  allowHosts: readonly string[];
}

export type ChatWebhookUrlCheck = { ok: true; url: URL; allowListed: boolean } | { ok: false; message: string };

const MAX_LENGTH = 2048;

function ipv4Parts(host: string): number[] | null {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.map(Number);
}

/** Whether an IP address (v4, or v6 with or without brackets) is not a public unicast address. */
export function isNonPublicAddress(address: string): boolean {
  const host = address.replace(/^\[|\]$/g, "").toLowerCase();
  const v4 = ipv4Parts(host);
  if (v4) {
    const [a = 0, b = 0] = v4;
    return (
      a === 0 || a === 10 || a === 127 || a >= 224 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 192 && b === 0) || (a === 198 && (b === 18 || b === 19))
    );
  }
  if (!host.includes(":")) return false;
  // IPv4-mapped (::ffff:a.b.c.d, or the hex form URL parsing produces) takes the IPv4 rules.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  if (mapped) return isNonPublicAddress(mapped[1]!);
  const hexMapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (hexMapped) {
    const hi = parseInt(hexMapped[1]!, 16);
    const lo = parseInt(hexMapped[2]!, 16);
    return isNonPublicAddress(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  if (host === "::" || host === "::1") return true;
  const first = parseInt(host.split(":")[0] || "0", 16);
  // fc00::/7 unique local, fe80::/10 link-local, ff00::/8 multicast, 64:ff9b::/96 NAT64 (may embed private IPv4).
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xff00) === 0xff00 || host.startsWith("64:ff9b:");
}

const isIpLiteral = (host: string) => ipv4Parts(host) !== null || host.startsWith("[");
const INTERNAL_NAME = /(^|\.)(localhost|local|internal|intranet|lan|home\.arpa)\.?$/i;

/** Checks a chat webhook URL against the rules; the message names the field and what to change. */
export function checkChatWebhookUrl(raw: string, rules: ChatWebhookUrlRules): ChatWebhookUrlCheck {
  const value = raw.trim();
  if (value.length > MAX_LENGTH) return { ok: false, message: `The chat webhook URL is longer than ${MAX_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, message: "The chat webhook URL is not a valid URL (e.g. https://hooks.slack.com/services/…)" };
  }
  if (url.username || url.password) return { ok: false, message: "The chat webhook URL must not carry a user name or password (user:password@host)" };
  if (url.hash) return { ok: false, message: "The chat webhook URL must not have a #fragment" };
  const allowListed = rules.allowHosts.some((h) => h.toLowerCase() === url.host.toLowerCase() || h.toLowerCase() === url.hostname.toLowerCase());
  if (allowListed) {
    if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, message: "The chat webhook URL must use https" };
    return { ok: true, url, allowListed };
  }
  if (url.protocol !== "https:") return { ok: false, message: "The chat webhook URL must use https" };
  if (rules.production && ((isIpLiteral(url.hostname) && isNonPublicAddress(url.hostname)) || INTERNAL_NAME.test(url.hostname) || !url.hostname.includes("."))) {
    return { ok: false, message: "The chat webhook URL points at a private, loopback or internal host; use the chat tool's public webhook address" };
  }
  return { ok: true, url, allowListed };
}
