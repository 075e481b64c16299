/**
 * The policy pack stands alone: `pulumi policy publish` packs `policy/` with `npm pack`
 * (pulumi/pulumi v3.248.0 sdk/nodejs/npm/npm.go:143), and the service installs the pack from its own
 * package.json, so nothing may come from the repository's node_modules. Here: every import of the
 * pack is one of its own exact-pinned dependencies, at the version the program locks (so the two
 * never check different SDKs), every stack has a pack config, and `npm pack` takes the pack's files.
 * test/integration/policyPack.test.ts installs an isolated copy from its own lock and loads it as
 * the CLI does (slow: a real install).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { POLICY_PACK_ARGS } from "../policy/policies";
import { REPO_ROOT } from "./harness";

const POLICY = path.join(REPO_ROOT, "policy");
interface PackageJson {
  name: string;
  main: string;
  dependencies: Record<string, string>;
  devDependencies?: Record<string, string>;
  overrides?: Record<string, string>;
}
const readJson = <T>(file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as T;
const pack = readJson<PackageJson>(path.join(POLICY, "package.json"));
const root = readJson<PackageJson>(path.join(REPO_ROOT, "package.json"));
const rootLock = readJson<{ packages: Record<string, { version: string }> }>(path.join(REPO_ROOT, "package-lock.json"));
const packLock = readJson<{ packages: Record<string, { version: string }> }>(path.join(POLICY, "package-lock.json"));
const sources = fs.readdirSync(POLICY).filter((file) => file.endsWith(".ts"));
const packageOf = (specifier: string) => (specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]!);

describe("the policy pack's own dependencies", () => {
  test("every package the pack imports is its own dependency, pinned exactly, at the version the program locks", () => {
    const imported = new Set<string>();
    for (const file of sources) {
      for (const match of fs.readFileSync(path.join(POLICY, file), "utf8").matchAll(/^\s*(?:import|export)\s[^;]*?from\s+"([^".][^"]*)"/gm)) imported.add(packageOf(match[1]!));
    }
    expect([...imported].sort()).toEqual(["@pulumi/azure-native", "@pulumi/mongodbatlas", "@pulumi/policy", "@pulumi/pulumi"]);
    // What the CLI needs to run a TypeScript pack, and the types its tsconfig names.
    const needed = [...imported, "typescript", "ts-node", "@types/node"];
    expect(Object.keys(pack.dependencies).sort()).toEqual(needed.sort());
    for (const name of needed) {
      const version = pack.dependencies[name]!;
      expect([name, version]).toEqual([name, expect.stringMatching(/^\d+\.\d+\.\d+$/)]);
      expect([name, rootLock.packages[`node_modules/${name}`]?.version]).toEqual([name, version]);
      expect([name, packLock.packages[`node_modules/${name}`]?.version]).toEqual([name, version]);
    }
    // @pulumi/policy's own range for @pulumi/pulumi must not pull a second, newer SDK (Node 22+ only).
    expect(pack.overrides).toEqual(root.overrides);
    expect(Object.keys(packLock.packages).filter((key) => key.endsWith("node_modules/@pulumi/pulumi"))).toEqual(["node_modules/@pulumi/pulumi"]);
  });

  test("every stack has a pack config naming every policy, each mandatory or advisory", () => {
    const stacks = fs.readdirSync(REPO_ROOT).flatMap((file) => /^Pulumi\.([A-Za-z0-9_.-]+)\.ya?ml$/.exec(file)?.[1] ?? []);
    const names = POLICY_PACK_ARGS.policies.map((policy) => policy.name).sort();
    for (const stack of stacks) {
      const file = path.join(POLICY, `config.${stack}.json`);
      expect([stack, fs.existsSync(file)]).toEqual([stack, true]);
      const config = readJson<Record<string, string>>(file);
      expect([stack, Object.keys(config).sort()]).toEqual([stack, names]);
      for (const [policy, level] of Object.entries(config)) expect([stack, policy, ["mandatory", "advisory"].includes(level)]).toEqual([stack, policy, true]);
    }
  });
});

describe("publishing", () => {
  test("packs the files `pulumi policy publish` uploads", () => {
    const [packed] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: POLICY, encoding: "utf8" })) as { files: { path: string }[] }[];
    expect(packed!.files.map((file) => file.path).sort()).toEqual(expect.arrayContaining(["PulumiPolicy.yaml", "index.ts", "package.json", "policies.ts", "resources.ts", "tsconfig.json"]));
  }, 60_000);
});
