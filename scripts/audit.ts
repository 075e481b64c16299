/**
 * `npm run audit -- <stack-export.json> [--outputs outputs.json] [--strict]`: the security
 * posture of every database server and Key Vault of a GenIMS stack, from `pulumi stack export` (and, when
 * given, `pulumi stack output --json`), with every deviation from the controls marked
 * `DEVIATION:`. Works on an export made with `--show-secrets` too: secrets are never printed.
 *
 * Exit codes: 0 report printed; 1 the input cannot be audited (one-line reason on stderr);
 * 2 with --strict, when the report has any deviation.
 */
import * as fs from "node:fs";
import { AuditInputError, auditExport, parseStackExport, parseStackOutputs, renderAudit } from "./lib/audit";

function readInput(file: string, what: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new AuditInputError(`cannot read the ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function main(args: string[]): number {
  const outputsAt = args.indexOf("--outputs");
  const outputsFile = outputsAt >= 0 ? args[outputsAt + 1] : undefined;
  if (outputsAt >= 0 && outputsFile === undefined) throw new AuditInputError("--outputs needs a file (pulumi stack output --json > outputs.json)");
  const positional = args.filter((arg, index) => !arg.startsWith("--") && (outputsAt < 0 || index !== outputsAt + 1));
  const exportFile = positional[0];
  if (exportFile === undefined) throw new AuditInputError("usage: npm run audit -- <stack-export.json> [--outputs outputs.json] [--strict]");
  const parsed = parseStackExport(readInput(exportFile, "stack export"));
  const outputs = outputsFile === undefined ? undefined : parseStackOutputs(readInput(outputsFile, "stack outputs"));
  const report = auditExport(parsed, outputs);
  process.stdout.write(renderAudit(report));
  const deviations = [...report.servers, ...report.vaults].some((posture) => posture.deviations.length > 0);
  return args.includes("--strict") && deviations ? 2 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`audit: ${error instanceof AuditInputError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
