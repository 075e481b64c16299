/**
 * Which certificate authorities verify trusts. Azure's flexible servers present certificates that
 * chain to DigiCert Global Root G2 or Microsoft RSA Root Certificate Authority 2017 (DigiCert Global
 * Root CA in China regions), and Microsoft asks clients to trust those roots only, never an
 * intermediate or a server certificate:
 * https://learn.microsoft.com/en-us/azure/postgresql/flexible-server/concepts-networking-ssl-tls
 * ("Root CAs used by Azure Database for PostgreSQL") and, for MySQL,
 * https://learn.microsoft.com/en-us/azure/mysql/flexible-server/how-to-connect-tls-ssl.
 * Those three are taken from Node's bundled Mozilla root store (`tls.rootCertificates`), so no
 * certificate is downloaded at run time. `--ca <file>` replaces them (a local server's own CA).
 */
import { X509Certificate } from "node:crypto";
import * as fs from "node:fs";
import { rootCertificates } from "node:tls";

export const AZURE_ROOT_CAS = ["DigiCert Global Root G2", "Microsoft RSA Root Certificate Authority 2017", "DigiCert Global Root CA"] as const;

export interface TrustedCas {
  readonly description: string;
  readonly pem: readonly string[];
}

export function azureRootCas(): TrustedCas {
  const pem = rootCertificates.filter((c) => AZURE_ROOT_CAS.some((cn) => new X509Certificate(c).subject.split("\n").includes(`CN=${cn}`)));
  if (pem.length !== AZURE_ROOT_CAS.length) throw new Error(`Node's root store lacks one of ${AZURE_ROOT_CAS.join(", ")}: pass --ca <bundle>`);
  return { description: AZURE_ROOT_CAS.join(", "), pem };
}

export function caBundle(file: string): TrustedCas {
  const text = fs.readFileSync(file, "utf8");
  const pem = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (pem.length === 0) throw new Error(`--ca ${file}: no PEM certificate in it`);
  return { description: `${pem.length} certificate(s) from ${file}`, pem };
}
