import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { CONFIG_KEYS } from "../config/schema";
import { regenerate, regenerateProjectFile } from "../scripts/lib/docs";
import { REPO_ROOT } from "./harness";

describe("documentation and project file follow the code", () => {
  test("README's topology table, collections and config reference are current (refresh: npm run docs)", () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    expect(regenerate(readme)).toBe(readme);
  });

  test("Pulumi.yaml's config block is current (refresh: npm run docs)", () => {
    const projectFile = fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8");
    expect(regenerateProjectFile(projectFile)).toBe(projectFile);
  });

  test("Pulumi.yaml declares every config key of the schema with its type, description and default", () => {
    const project = yaml.load(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as { name: string; config: Record<string, Record<string, unknown>> };
    expect(project.name).toBe("genims");
    const expected = Object.fromEntries(
      Object.entries(CONFIG_KEYS).map(([name, spec]) => [
        name,
        {
          type: spec.pulumiType,
          description: spec.description,
          ...(spec.pulumiType === "array" ? { items: { type: "string" } } : {}),
          ...("default" in spec ? { default: spec.default } : {}),
        },
      ]),
    );
    expect(project.config).toEqual(expected);
  });

  test("stack files set only declared keys (or provider keys)", () => {
    for (const file of fs.readdirSync(REPO_ROOT).filter((f) => /^Pulumi\..+\.yaml$/.test(f))) {
      const config = (yaml.load(fs.readFileSync(path.join(REPO_ROOT, file), "utf8")) as { config: Record<string, unknown> }).config;
      for (const key of Object.keys(config)) {
        if (key.startsWith("genims:")) expect([file, key in CONFIG_KEYS || key.slice(7) in CONFIG_KEYS]).toEqual([file, true]);
        else expect(key).toMatch(/^(azure-native|mongodbatlas|postgresql|mysql|random):/);
      }
    }
  });
});
