/** One verified fact: what the model expects, what the server did, and whether they agree. */
export interface CheckResult {
  /** The database (or `<server>` for server-wide facts) the check belongs to; one table each. */
  readonly database: string;
  /** Who was checked: a login, a role, or PUBLIC. */
  readonly principal: string;
  readonly check: string;
  readonly expected: string;
  readonly actual: string;
  readonly ok: boolean;
}

export class Results {
  readonly all: CheckResult[] = [];

  add(database: string, principal: string, check: string, expected: string, actual: string, ok = expected === actual): void {
    this.all.push({ database, principal, check, expected, actual, ok });
  }

  deviations(): CheckResult[] {
    return this.all.filter((r) => !r.ok);
  }

  /**
   * A view that adds to this list, every table named `<table> on <where>` (a restored server's
   * checks beside its source's; server tables already name their server), each result passed
   * through `revise` first.
   */
  on(where: string, revise: (result: CheckResult) => CheckResult = (result) => result): Results {
    const scoped = new Results();
    scoped.add = (database, principal, check, expected, actual, ok = expected === actual) => {
      const result = revise({ database: database.endsWith(" (server)") ? database : `${database} on ${where}`, principal, check, expected, actual, ok });
      this.add(result.database, result.principal, result.check, result.expected, result.actual, result.ok);
    };
    return scoped;
  }
}

/** `allowed`/`refused`-style outcomes of a boolean expectation. */
export const yesNo = (value: boolean, yes = "allowed", no = "denied") => (value ? yes : no);

const pad = (text: string, width: number) => text + " ".repeat(Math.max(0, width - text.length));

/** A fixed-width table per database, deviations marked; then one line per deviation. */
export function renderReport(results: readonly CheckResult[]): string {
  const lines: string[] = [];
  const databases = [...new Set(results.map((r) => r.database))];
  for (const database of databases) {
    const rows = results.filter((r) => r.database === database);
    const failed = rows.filter((r) => !r.ok).length;
    lines.push("", `== ${database}: ${rows.length} checks, ${failed === 0 ? "all as the model says" : `${failed} DEVIATION${failed === 1 ? "" : "S"}`}`);
    const header = ["", "principal", "check", "expected", "actual"];
    const table = rows.map((r) => [r.ok ? "ok" : "XX", r.principal, r.check, r.expected, r.actual]);
    const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...table.map((row) => row[i]!.length))));
    lines.push(header.map((h, i) => pad(h, widths[i]!)).join("  ").trimEnd());
    for (const row of table) lines.push(row.map((cell, i) => pad(cell, widths[i]!)).join("  ").trimEnd());
  }
  const deviations = results.filter((r) => !r.ok);
  lines.push("");
  if (deviations.length === 0) lines.push(`verify: ${results.length} checks, no deviation`);
  else {
    lines.push(`verify: ${deviations.length} deviation(s) of ${results.length} checks:`);
    for (const d of deviations) lines.push(`  DEVIATION ${d.database}: ${d.principal}: ${d.check}: expected ${d.expected}, got ${d.actual}`);
  }
  return `${lines.join("\n")}\n`;
}
