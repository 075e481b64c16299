/**
 * Nothing verify prints may contain a secret. Every password it learns (from a connection string)
 * is registered here before any connection is made, and every line of output and every error
 * message goes through `redact`. Driver errors can quote a connection string or a password hash
 * (MariaDB's SHOW GRANTS/SHOW CREATE USER do): those are scrubbed by pattern as well.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers a secret; values shorter than 6 characters would redact ordinary words, so they are refused. */
  add(secret: string): void {
    if (secret.length < 6) throw new Error("a secret shorter than 6 characters cannot be redacted reliably");
    this.secrets.add(secret);
    // Drivers may show it URL-encoded (connection strings) as well.
    this.secrets.add(encodeURIComponent(secret));
  }

  redact(text: string): string {
    let result = text;
    // Longest first, so a secret that contains another is removed whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) result = result.split(secret).join("***");
    return result
      .replace(/(IDENTIFIED (?:BY|WITH) [^']*?)'[^']*'/gi, "$1'***'")
      .replace(/\b(PASSWORD\s*)'[^']*'/gi, "$1'***'")
      .replace(/(\w+:\/\/[^:/\s]+:)[^@\s]+@/g, "$1***@");
  }
}
