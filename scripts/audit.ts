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
import { CliError, type Command, runCommand } from "./lib/cli";

const COMMAND: Command = {
  name: "audit",
  help: `usage: npm run audit -- <stack-export.json> [--outputs outputs.json] [--strict]
The security posture of every server and Key Vault of a stack, from \`pulumi stack export\` (or
\`npm run export\`), each departure from the controls a DEVIATION line; secrets are never printed.
Exit 0: report printed; 1: the input cannot be audited; 2: with --strict, any deviation.`,
};

function readInput(file: string, what: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : (error as Error).message;
    throw new CliError(`cannot read the ${what} ${file}: ${reason} (make one with \`pulumi stack export --stack <stack> --file export.json\`, or offline: npm run -s export -- <stack> --out export.json)`);
  }
}

function main(args: string[]): number {
  const outputsAt = args.indexOf("--outputs");
  const outputsFile = outputsAt >= 0 ? args[outputsAt + 1] : undefined;
  if (outputsAt >= 0 && outputsFile === undefined) throw new CliError("--outputs needs a file (pulumi stack output --json > outputs.json)");
  const positional = args.filter((arg, index) => !arg.startsWith("--") && (outputsAt < 0 || index !== outputsAt + 1));
  const exportFile = positional[0];
  if (exportFile === undefined) throw new CliError(COMMAND.help.split("\n")[0]!);
  const [parsed, outputs] = asCliError(() => [parseStackExport(readInput(exportFile, "stack export")), outputsFile === undefined ? undefined : parseStackOutputs(readInput(outputsFile, "stack outputs"))] as const);
  const report = auditExport(parsed, outputs);
  process.stdout.write(renderAudit(report));
  const deviations = [...report.servers, ...report.vaults].some((posture) => posture.deviations.length > 0);
  return args.includes("--strict") && deviations ? 2 : 0;
}

/** An input the audit cannot read is the user's to fix: one line, exit 1. */
function asCliError<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof AuditInputError) throw new CliError(error.message);
    throw error;
  }
}

runCommand(COMMAND, main);
