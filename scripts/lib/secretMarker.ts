/**
 * How the Pulumi engine marks a secret value on the wire and in `pulumi stack export`:
 * `{ "<SECRET_SIG>": "<SECRET_MARK>", ciphertext | plaintext | value }`. One definition for the
 * audit report, the mock harness and the test exports.
 */
export const SECRET_SIG = "4dabf18193072939515e22adb298388d";
export const SECRET_MARK = "1b47061264138c4ac30d75fd1eb44270";
