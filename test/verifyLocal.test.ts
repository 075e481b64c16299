/**
 * `npm run verify:local`'s inputs, without servers: the files it writes are what `npm run verify`
 * reads (outputs shaped like `pulumi stack output --json`, secrets shaped like the Key Vault), and
 * it refuses, in a sentence, what the local servers cannot hold. Its runs on the local servers are
 * test/integration/verifyLocal.test.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { loginUses } from "../access/model";
import { fileSecrets, parseStackOutputs } from "../scripts/lib/verify/inputs";
import { localVerifyInputs } from "../scripts/lib/verify/local";
import { localModel, parseArguments } from "../scripts/verifyLocal";
import { tempDir } from "./tempDir";

describe("npm run verify:local", () => {
  test("writes outputs.json and secrets.json that verify reads: every PostgreSQL and MySQL login of the model has its connection string", async () => {
    const model = localModel("dev");
    const passwords = Object.fromEntries(loginUses(model).map((use) => [use.login, "a1b2c3"]));
    const { outputs, secrets } = localVerifyInputs(model, passwords, { host: "127.0.0.1", port: 55432 }, { host: "127.0.0.1", port: 33306 }, "dev-local-vault");
    const dir = tempDir("verify-local");
    fs.writeFileSync(path.join(dir, "outputs.json"), JSON.stringify(outputs));
    fs.writeFileSync(path.join(dir, "secrets.json"), JSON.stringify(secrets));
    const parsed = parseStackOutputs(fs.readFileSync(path.join(dir, "outputs.json"), "utf8"));
    expect(parsed.keyVault.name).toBe("dev-local-vault");
    expect(parsed.servers.map((s) => [s.engine, s.fqdn])).toEqual([["postgresql", "127.0.0.1"], ["mysql", "127.0.0.1"]]);
    const source = fileSecrets(path.join(dir, "secrets.json"));
    const sql = loginUses(model).filter((use) => use.engine !== "mongodb");
    expect(sql.length).toBeGreaterThan(30);
    expect(parsed.keyVault.secrets.slice().sort()).toEqual(Object.keys(secrets).sort());
    for (const name of parsed.keyVault.secrets) expect([name, (await source.get(name))?.includes("@127.0.0.1:")]).toEqual([name, true]);
  });

  test("refuses a stack the local servers cannot hold, and bad arguments, in a sentence", () => {
    expect(() => localModel("prod")).toThrow("prod places its databases on 7 PostgreSQL and 2 MySQL servers, but the local servers are one of each: use a stack with one server per engine (dev)");
    expect(() => localModel("nope")).toThrow('no stack "nope"');
    expect(parseArguments([])).toEqual(expect.objectContaining({ stack: "dev", plant: false, remove: false }));
    expect(parseArguments(["dev", "--plant", "--out-dir", "x"])).toEqual(expect.objectContaining({ stack: "dev", plant: true, outDir: path.resolve("x") }));
    expect(() => parseArguments(["--plant", "--remove"])).toThrow("--plant and --remove exclude each other");
    expect(() => parseArguments(["--bogus"])).toThrow("unknown option --bogus");
  });
});
