/**
 * The policy pack installs and loads on its own, as `pulumi policy publish` and org-wide
 * enforcement need: a copy of `policy/` in a temporary directory (no node_modules above it)
 * installs from its own lock, type-checks, and loads the way the Pulumi CLI runs a Node.js pack
 * (`@pulumi/pulumi/cmd/run-policy-pack <engine> <dir>`, @pulumi/pulumi 3.248.0), up to the pack's
 * gRPC server printing its port. A real `npm ci` (the npm cache makes it mostly offline), so it
 * runs with the integration tests rather than in `npm test`.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../harness";

const POLICY = path.join(REPO_ROOT, "policy");

describe("an isolated copy of policy/", () => {
  let dir: string;
  let child: ChildProcess | undefined;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "genims-policy-"));
    fs.cpSync(POLICY, dir, { recursive: true, filter: (source) => !source.includes(`${path.sep}node_modules`) });
    // Nothing above the copy may hold a node_modules it could fall back to.
    for (let at = path.dirname(dir); at !== path.dirname(at); at = path.dirname(at)) expect([at, fs.existsSync(path.join(at, "node_modules"))]).toEqual([at, false]);
  });
  afterAll(() => {
    child?.kill("SIGKILL");
    // Deleting ~240 installed packages takes a minute on slow disks: let a detached rm do it.
    spawn("rm", ["-rf", dir], { detached: true, stdio: "ignore" }).unref();
  });

  test("installs from its own lock, type-checks, and loads as the CLI runs it, up to serving", async () => {
    // The npm cache already holds these tarballs after the root install; the registry is the fallback.
    execFileSync("npm", ["ci", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: dir, stdio: "pipe" });
    execFileSync(process.execPath, [path.join(dir, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", "."], { cwd: dir, stdio: "pipe" });
    const port = await new Promise<string>((resolve, reject) => {
      const runner = path.join(dir, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack");
      // The engine address is only used once the CLI calls in; the pack prints its port first.
      child = spawn(process.execPath, [runner, "127.0.0.1:1", "."], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout!.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        const line = /^(\d+)\n/.exec(stdout);
        if (line) resolve(line[1]!);
      });
      child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("exit", (code) => reject(new Error(`run-policy-pack exited ${code}: ${stderr}${stdout}`)));
    });
    expect(Number(port)).toBeGreaterThan(0);
  }, 180_000);
});
