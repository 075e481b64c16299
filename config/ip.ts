/** IPv4 parsing for firewall rules and access lists. Pure functions. */

/** `a.b.c.d` → 32-bit unsigned number, or `undefined` if it is not a dotted-quad IPv4 address. */
export function parseIPv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIPv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

export interface IPv4Range {
  readonly start: number;
  readonly end: number;
  readonly prefix: number;
}

/** The broadest client block we accept: a /8. Anything wider is the internet, not a client. */
export const BROADEST_PREFIX = 8;

/**
 * Parses `a.b.c.d` (one host, /32) or `a.b.c.d/nn` into an inclusive range. Only these two
 * forms: both Azure firewall rules (first-last) and Atlas access lists (CIDR) express them exactly.
 * Returns a reason string when the text is not one of them.
 */
export function parseClientRange(text: string): IPv4Range | string {
  const parts = text.split("/");
  if (parts.length > 2) return `"${text}" has more than one "/"`;
  const [address = "", bitsText] = parts;
  const base = parseIPv4(address);
  if (base === undefined) return `"${address}" is not an IPv4 address`;
  if (bitsText === undefined) return { start: base, end: base, prefix: 32 };
  if (!/^([0-9]|[12][0-9]|3[0-2])$/.test(bitsText)) return `"/${bitsText}" is not a prefix length 0-32`;
  const prefix = Number(bitsText);
  const size = 2 ** (32 - prefix);
  if (base % size !== 0) return `${address} is not the network address of a /${prefix} (did you mean ${formatIPv4(base - (base % size))}/${prefix}?)`;
  return { start: base, end: base + size - 1, prefix };
}

/**
 * True for rules that let everyone in: any range containing 0.0.0.0 (Azure reads a 0.0.0.0
 * rule as "allow every Azure service", CKV2_AZURE_26; 0.0.0.0/0 is the internet) or wider
 * than a /8.
 */
export function isAllowAll(range: IPv4Range): boolean {
  return range.start === 0 || range.prefix < BROADEST_PREFIX;
}

/** The sizes of virtual network this stack creates: room for three /24 subnets, and no more than a /16. */
export const VNET_PREFIXES = { min: 16, max: 22 } as const;

/**
 * The block of `text`'s address with a prefix in `[minPrefix, maxPrefix]` (the given prefix when
 * it is in range, else the nearest bound), as a network address: a value the caller's check accepts.
 */
export function nearestBlock(text: string, minPrefix: number, maxPrefix: number): string | undefined {
  const [address = "", bitsText] = text.split("/");
  const base = parseIPv4(address);
  if (base === undefined) return undefined;
  const asked = bitsText !== undefined && /^([0-9]|[12][0-9]|3[0-2])$/.test(bitsText) ? Number(bitsText) : minPrefix;
  const prefix = Math.min(maxPrefix, Math.max(minPrefix, asked));
  const size = 2 ** (32 - prefix);
  return `${formatIPv4(base - (base % size))}/${prefix}`;
}

/** Blocks no client on the internet has: a rule for one of them never matches a public endpoint. */
const NON_PUBLIC_BLOCKS: readonly { readonly cidr: string; readonly what: string }[] = [
  { cidr: "10.0.0.0/8", what: "private (RFC 1918, 10.0.0.0/8)" },
  { cidr: "172.16.0.0/12", what: "private (RFC 1918, 172.16.0.0/12)" },
  { cidr: "192.168.0.0/16", what: "private (RFC 1918, 192.168.0.0/16)" },
  { cidr: "100.64.0.0/10", what: "carrier-grade NAT (RFC 6598, 100.64.0.0/10)" },
  { cidr: "127.0.0.0/8", what: "loopback (127.0.0.0/8)" },
  { cidr: "169.254.0.0/16", what: "link-local (169.254.0.0/16)" },
];

/** What kind of non-public block `range` lies in, or `undefined` for a public range. */
export function privateRange(range: IPv4Range): string | undefined {
  for (const block of NON_PUBLIC_BLOCKS) {
    const parsed = parseClientRange(block.cidr) as IPv4Range;
    if (range.start >= parsed.start && range.end <= parsed.end) return block.what;
  }
  return undefined;
}
