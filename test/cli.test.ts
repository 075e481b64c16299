/**
 * Every entry point fails with one line that says what to do, and an exit code, never a stack
 * trace: a stack that does not exist, a missing file, a YAML syntax error, a missing CLI; and each
 * has `--help`.
 */
import { execFile, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { describeError } from "../scripts/lib/cli";
import { StackFileError, readStackFile } from "../scripts/lib/stacks";
import { tempDir } from "./tempDir";
import { REPO_ROOT } from "./harness";

const TS_NODE = require.resolve("ts-node/dist/bin");

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function script(file: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Result> {
  return promisify(execFile)(process.execPath, [TS_NODE, "--transpile-only", `scripts/${file}.ts`, ...args], { cwd: REPO_ROOT, env: { ...env, GENIMS_DEBUG: "" } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

/** Runs the cases two at a time (the machine has two cores). */
async function all<T, R>(items: readonly T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index]!);
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

const NO_STACK = 'no stack "nope": there is no Pulumi.nope.yaml; the stacks here are dev, prod (a new one: README, "A new environment")';
const noTrace = (text: string) => !/\n\s+at .+:\d+:\d+\)?$/m.test(text);

describe("entry points", () => {
  test("a stack that does not exist: one line naming it and the stacks that exist, exit 1 (verify: 2, could not run)", async () => {
    const cases: [string, string[], number][] = [
      ["plan", ["nope"], 1],
      ["sql", ["nope"], 1],
      ["import", ["nope", "--subscription", "00000000-0000-4000-8000-000000000001"], 1],
      ["export", ["nope"], 1],
      ["verify", ["nope"], 2],
    ];
    const results = await all(cases, ([file, args]) => script(file, args));
    expect(results.map((r, i) => [cases[i]![0], r.code, r.stderr, r.stdout])).toEqual(cases.map(([file, , code]) => [file, code, `${file}: ${NO_STACK}\n`, ""]));
  }, 120_000);

  test("verify without the pulumi CLI says so in a sentence, with what to do instead", async () => {
    const result = await script("verify", ["dev"], { ...process.env, PATH: "/nonexistent" });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "verify: the pulumi CLI is not installed or not on PATH: install it (https://www.pulumi.com/docs/install/, version 3.248.0) and `pulumi login`, or pass the outputs yourself: pulumi stack output --json --stack dev > outputs.json on a machine that has it, then npm run verify -- dev --outputs outputs.json\n",
    );
  }, 60_000);

  test("missing files: one line each", async () => {
    const cases: [string, string[], number, string][] = [
      ["verify", ["dev", "--outputs", "/nonexistent/outputs.json"], 2, "verify: --outputs /nonexistent/outputs.json: no such file (write it with: pulumi stack output --json --stack dev > /nonexistent/outputs.json)\n"],
      ["audit", ["/nonexistent/export.json"], 1, "audit: cannot read the stack export /nonexistent/export.json: no such file (make one with `pulumi stack export --stack <stack> --file export.json`, or offline: npm run -s export -- <stack> --out export.json)\n"],
    ];
    const results = await all(cases, ([file, args]) => script(file, args));
    expect(results.map((r) => [r.code, r.stderr])).toEqual(cases.map(([, , code, stderr]) => [code, stderr]));
  }, 60_000);

  test("--help on each prints its usage and exits 0; a bad argument prints the problem and the usage line", async () => {
    const files = ["plan", "sql", "verify", "import", "export", "audit", "docs", "bench", "planSnapshots", "stacks"];
    const helps = await all(files, (file) => script(file, ["--help"]));
    for (const [index, help] of helps.entries()) expect([files[index], help.code, help.stderr, /^usage: npm run /.test(help.stdout)]).toEqual([files[index], 0, "", true]);
    const bad = await all([["bench", ["synthetic-x"]], ["docs", ["extra"]], ["planSnapshots", ["sideways"]], ["sql", []]] as const, ([file, args]) => script(file, [...args]));
    for (const result of bad) {
      expect(result.code).toBe(1);
      expect(result.stderr.split("\n").filter(Boolean)).toHaveLength(2);
      expect(result.stderr).toMatch(/\nusage: npm run /);
    }
  }, 180_000);
});

describe("stack files", () => {
  test("a YAML syntax error names the file, line and column with a one-line reason; no stack trace", () => {
    const dir = tempDir("yaml");
    fs.writeFileSync(path.join(dir, "Pulumi.broken.yaml"), "config:\n  genims:location: westeurope\n   genims:namePrefix: x\n");
    let error: unknown;
    try {
      readStackFile("broken", dir);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StackFileError);
    const line = describeError("plan", error);
    expect(line).toBe("plan: Pulumi.broken.yaml:3:21: bad indentation of a mapping entry (YAML syntax)");
    expect(noTrace(line)).toBe(true);
  });

  test("a file that is YAML but not a stack file is named too", () => {
    const dir = tempDir("yaml");
    fs.writeFileSync(path.join(dir, "Pulumi.list.yaml"), "- a\n- b\n");
    expect(() => readStackFile("list", dir)).toThrow('Pulumi.list.yaml: expected a mapping with a "config:" mapping of keys to values, as in Pulumi.dev.yaml');
  });

  test("an unexpected error is one line too, with how to see its stack trace", () => {
    expect(describeError("plan", new TypeError("x is undefined\n    at f (a.ts:1:1)"))).toBe("plan: x is undefined (unexpected: run again with GENIMS_DEBUG=1 for the stack trace, and report it)");
  });
});

describe(".ci/integration-servers.sh", () => {
  test("has stop and status modes; anything else prints its usage and exits 2", () => {
    const run = (...args: string[]) => spawnSync("bash", [".ci/integration-servers.sh", ...args], { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, PGPORT: "1", MYSQL_PORT: "2" } });
    const bad = run("sideways");
    expect([bad.status, bad.stderr]).toEqual([2, "usage: bash .ci/integration-servers.sh [start|stop|status] (GENIMS_DB_ROOT, PGPORT, MYSQL_PORT as for start)\n"]);
    expect(run("status").stdout).toBe("PostgreSQL: nothing on 127.0.0.1:1\nMariaDB: nothing on 127.0.0.1:2\n");
  });
});
