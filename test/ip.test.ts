import { isAllowAll, parseClientRange, parseIPv4 } from "../config/ip";

describe("IPv4 client ranges", () => {
  test("dotted quads parse; anything else does not", () => {
    expect(parseIPv4("14.96.208.122")).toBe(((14 * 256 + 96) * 256 + 208) * 256 + 122);
    for (const bad of ["14.96.208", "14.96.208.256", "014.96.208.1", "a.b.c.d", "1.2.3.4.5", ""]) expect([bad, parseIPv4(bad)]).toEqual([bad, undefined]);
  });

  test("a host is a /32, a block must start at its network address", () => {
    expect(parseClientRange("14.96.208.122")).toEqual({ start: parseIPv4("14.96.208.122"), end: parseIPv4("14.96.208.122"), prefix: 32 });
    expect(parseClientRange("10.1.0.0/16")).toEqual({ start: parseIPv4("10.1.0.0"), end: parseIPv4("10.1.255.255"), prefix: 16 });
    expect(parseClientRange("10.1.2.0/16")).toBe("10.1.2.0 is not the network address of a /16 (did you mean 10.1.0.0/16?)");
    expect(parseClientRange("10.1.0.0/33")).toBe('"/33" is not a prefix length 0-32');
    expect(parseClientRange("10.1.0.0/16/8")).toBe('"10.1.0.0/16/8" has more than one "/"');
  });

  test("allow-all: anything containing 0.0.0.0 or wider than a /8", () => {
    const range = (text: string) => {
      const parsed = parseClientRange(text);
      if (typeof parsed === "string") throw new Error(parsed);
      return parsed;
    };
    expect(isAllowAll(range("0.0.0.0"))).toBe(true);
    expect(isAllowAll(range("0.0.0.0/0"))).toBe(true);
    expect(isAllowAll(range("64.0.0.0/7"))).toBe(true);
    expect(isAllowAll(range("10.0.0.0/8"))).toBe(false);
    expect(isAllowAll(range("14.96.208.122"))).toBe(false);
  });
});
