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
