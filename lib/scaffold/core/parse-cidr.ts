/** An IP prefix: address bytes (4 for IPv4, 16 for IPv6) and prefix length. */
export interface Cidr {
  bytes: number[];
  prefix: number;
}

/** Parses `10.0.0.0/16` or `2001:db8::/32`; null when it is not a CIDR prefix. */
export function parseCidr(text: string): Cidr | null {
  const slash = text.indexOf("/");
  if (slash < 0) return null;
  const prefixText = text.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(prefixText)) return null;
  const bytes = parseIp(text.slice(0, slash));
  const prefix = Number(prefixText);
  if (!bytes || prefix > bytes.length * 8) return null;
  return { bytes, prefix };
}

/** Parses an IPv4 or IPv6 address into bytes; null when invalid. */
export function parseIp(text: string): number[] | null {
  return text.includes(":") ? parseIpv6(text) : parseIpv4(text);
}

function parseIpv4(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const bytes = parts.map((p) => (/^[0-9]{1,3}$/.test(p) ? Number(p) : NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : null;
}

function parseIpv6(text: string): number[] | null {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const readGroups = (part: string): number[] | null => {
    if (part === "") return [];
    const out: number[] = [];
    const groups = part.split(":");
    for (let i = 0; i < groups.length; i++) {
      const group = groups[i]!;
      if (i === groups.length - 1 && group.includes(".")) {
        const v4 = parseIpv4(group);
        if (!v4) return null;
        out.push(...v4);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(group)) {
        const n = parseInt(group, 16);
        out.push(n >> 8, n & 0xff);
      } else return null;
    }
    return out;
  };
  const head = readGroups(halves[0]!);
  const tail = halves.length === 2 ? readGroups(halves[1]!) : [];
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 16 ? head : null;
  const fill = 16 - head.length - tail.length;
  return fill >= 2 ? [...head, ...new Array<number>(fill).fill(0), ...tail] : null;
}

function formatIp(bytes: number[]): string {
  if (bytes.length === 4) return bytes.join(".");
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return groups.join(":").replace(/(^|:)0(:0)+(:|$)/, "::").replace(/:{3,}/, "::");
}

/** Terraform's `cidrhost(prefix, hostnum)`: the address of host `hostnum`, or null on error. */
export function cidrHost(prefixText: string, hostnum: number): string | null {
  const cidr = parseCidr(prefixText);
  if (!cidr || !Number.isInteger(hostnum)) return null;
  const hostBits = cidr.bytes.length * 8 - cidr.prefix;
  const size = 2n ** BigInt(hostBits);
  let host = BigInt(hostnum);
  if (host < 0n) host += size;
  if (host < 0n || host >= size) return null;
  let address = cidr.bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
  address = (address >> BigInt(hostBits) << BigInt(hostBits)) | host;
  const out: number[] = [];
  for (let i = cidr.bytes.length - 1; i >= 0; i--) out[i] = Number((address >> BigInt((cidr.bytes.length - 1 - i) * 8)) & 0xffn);
  return formatIp(out);
}

/** Terraform's `cidrnetmask(prefix)` (IPv4 only), or null on error. */
export function cidrNetmask(prefixText: string): string | null {
  const cidr = parseCidr(prefixText);
  if (!cidr || cidr.bytes.length !== 4) return null;
  const mask = cidr.prefix === 0 ? 0 : (0xffffffff << (32 - cidr.prefix)) >>> 0;
  return [24, 16, 8, 0].map((shift) => (mask >>> shift) & 0xff).join(".");
}
