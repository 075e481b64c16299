/** How a connection attempt ended, in words that say why without quoting a secret. */
export function refusal(error: unknown): string {
  const e = error as { code?: string; message?: string; errno?: number };
  const tlsCodes = ["SELF_SIGNED_CERT_IN_CHAIN", "DEPTH_ZERO_SELF_SIGNED_CERT", "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "ERR_TLS_CERT_ALTNAME_INVALID", "CERT_HAS_EXPIRED", "CERT_UNTRUSTED"];
  const message = (e.message ?? String(error)).split("\n")[0]!;
  if (e.code !== undefined && tlsCodes.includes(e.code)) return `certificate does not verify (${e.code})`;
  // mysql2 wraps the TLS error: HANDSHAKE_SSL_ERROR with Node's message.
  if (e.code === "HANDSHAKE_SSL_ERROR") return `certificate does not verify (${message})`;
  return message.length > 120 ? `${message.slice(0, 117)}...` : message;
}

export function isCertificateFailure(reason: string): boolean {
  return reason.startsWith("certificate does not verify");
}
