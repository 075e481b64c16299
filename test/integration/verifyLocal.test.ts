/**
 * `npm run verify:local` on the servers of `.ci/integration-servers.sh`: what the README and
 * docs/verification.md promise a newcomer. It passes on the model as applied, fails naming the two
 * planted deviations with --plant, and --remove leaves nothing behind. The servers not running
 * fails the suite (exit 2 with the command that starts them); nothing is skipped.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";

const REPO_ROOT = path.join(__dirname, "..", "..");
const OUT_DIR = path.join(REPO_ROOT, ".verify-local-test");

async function verifyLocal(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [require.resolve("ts-node/dist/bin.js"), "--transpile-only", "scripts/verifyLocal.ts", ...args, "--out-dir", OUT_DIR], { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

afterAll(async () => {
  await verifyLocal("dev", "--remove");
}, 120_000);

describe("npm run verify:local (dev)", () => {
  test("passes on the model as applied, with outputs.json and secrets.json written for a hand run", async () => {
    const result = await verifyLocal("dev");
    if (result.code !== 0) throw new Error(`verify:local exited ${result.code}:\n${result.stderr}\n${result.stdout.split("\n").filter((l) => l.includes("DEVIATION")).join("\n")}`);
    expect(result.stdout).toMatch(/^verify: \d+ checks, no deviation$/m);
    expect(result.stdout).toContain(`--outputs ${path.relative(REPO_ROOT, path.join(OUT_DIR, "outputs.json"))} --secrets ${path.relative(REPO_ROOT, path.join(OUT_DIR, "secrets.json"))}`);
    for (const file of ["outputs.json", "secrets.json"]) expect((fs.statSync(path.join(OUT_DIR, file)).mode & 0o777).toString(8)).toBe("600");
  }, 180_000);

  test("--plant: fails naming exactly the two planted deviations' checks", async () => {
    const result = await verifyLocal("dev", "--plant");
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("DEVIATION genims_crm_db: PUBLIC: privileges on the database: expected none, got CONNECT");
    expect(result.stdout).toContain("DEVIATION genims_audit_db: genims_audit_writer: DELETE (absent table): expected denied, got allowed");
    const deviations = result.stdout.split("\n").filter((line) => line.includes("DEVIATION "));
    expect(deviations.every((line) => line.includes("genims_crm_db:") || line.includes("genims_audit_db: genims_audit_writer:"))).toBe(true);
  }, 180_000);

  test("--remove drops the databases and logins and the files", async () => {
    const result = await verifyLocal("dev", "--remove");
    expect([result.code, result.stderr]).toEqual([0, ""]);
    expect(fs.existsSync(OUT_DIR)).toBe(false);
  }, 120_000);
});
