/**
 * What every entry point (`npm run plan`, `sql`, `verify`, `import`, `export`, `audit`, `docs`,
 * `bench`, `plan:update`/`plan:check`, `stacks`) shares: `--help`, and failing with one line that
 * says what to do and an exit code, never a stack trace. An error the user can act on is a
 * `CliError` (or a `ConfigError`, whose list of problems is already one line per problem); anything
 * else is a bug, printed as one line too, with `GENIMS_DEBUG=1` for its stack trace.
 */
import { execFileSync } from "node:child_process";
import { ConfigError } from "../../config/errors";
import { StackFileError } from "./stacks";

/** An error the user can act on: its message is the whole story. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export interface Command {
  /** The name errors are prefixed with, e.g. "plan". */
  readonly name: string;
  /** Usage and a sentence or two of what it does, printed by --help and after a usage error. */
  readonly help: string;
  /** Exit code of an error that is not a `CliError` with its own (verify: 2, "could not run"). */
  readonly failureCode?: number;
}

/** The one line (or the config problem list) an error becomes. */
export function describeError(name: string, error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  if (error instanceof CliError || error instanceof StackFileError) return `${name}: ${error.message}`;
  const message = error instanceof Error ? error.message : String(error);
  return process.env.GENIMS_DEBUG === "1" && error instanceof Error && error.stack !== undefined
    ? `${name}: ${error.stack}`
    : `${name}: ${message.split("\n")[0]} (unexpected: run again with GENIMS_DEBUG=1 for the stack trace, and report it)`;
}

/**
 * Runs an entry point: `--help`/`-h` prints its help and exits 0; an error prints one line on
 * stderr and sets the exit code. `main` returns the exit code (default 0).
 */
export function runCommand(command: Command, main: (args: string[]) => Promise<number | void> | number | void): void {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`${command.help.trimEnd()}\n`);
    return;
  }
  // exitCode, not exit(): a piped stdout is written asynchronously and exit() would cut it short.
  Promise.resolve()
    .then(() => main(args))
    .then(
      (code) => {
        process.exitCode = code ?? 0;
      },
      (error: unknown) => {
        process.stderr.write(`${describeError(command.name, error)}\n`);
        process.exitCode = error instanceof CliError ? error.exitCode : (command.failureCode ?? 1);
      },
    );
}

/** A usage error: what is wrong, then the help's first line. */
export function usageError(command: Command, problem: string): CliError {
  return new CliError(`${problem}\n${command.help.trimEnd().split("\n")[0]}`);
}

/**
 * Runs another program (pulumi, az); when it is not installed, says so in a sentence with what to
 * do instead of `spawnSync pulumi ENOENT`.
 */
export function runTool(tool: string, args: readonly string[], whenMissing: string, options: { maxBuffer?: number } = {}): string {
  try {
    return execFileSync(tool, args, { encoding: "utf8", maxBuffer: options.maxBuffer ?? 64 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string; status?: number };
    if (failure.code === "ENOENT") throw new CliError(`the ${tool} CLI is not installed or not on PATH: ${whenMissing}`);
    const reason = String(failure.stderr ?? "").trim().split("\n").filter(Boolean).pop() ?? failure.message;
    throw new CliError(`\`${tool} ${args.join(" ")}\` failed (exit ${String(failure.status)}): ${reason}`);
  }
}
