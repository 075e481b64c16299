import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { CONFIG_KEYS } from "../config/schema";
import { GENERATED_SECTIONS, GENERATED_SECTION_FILES, generatedFiles, regenerate, regenerateProjectFile } from "../scripts/lib/docs";
import { REPO_ROOT } from "./harness";

describe("documentation and project file follow the code", () => {
  test("every generated file is current: README's topology, docs/configuration.md's servers, collections and config reference, docs/operating.md's day-2 guide, Pulumi.yaml, the deploy workflow and actionlint's runner labels (refresh: npm run docs)", () => {
    const files = generatedFiles();
    expect(files.map((f) => f.file)).toEqual(["README.md", "docs/configuration.md", "docs/operating.md", "Pulumi.yaml", ".github/workflows/deploy.yml", ".github/actionlint.yaml"]);
    expect(files.filter((f) => f.current !== f.generated).map((f) => `${f.file} is stale: run npm run docs and commit it`)).toEqual([]);
  });

  test("each generated section lives in exactly one file, and is found there", () => {
    const placed = Object.values(GENERATED_SECTION_FILES).flat();
    expect(placed.slice().sort()).toEqual(Object.keys(GENERATED_SECTIONS).sort());
    for (const [file, sections] of Object.entries(GENERATED_SECTION_FILES)) {
      const text = fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
      for (const name of sections) expect([file, name, text.includes(`<!-- generated:${name} -->\n${GENERATED_SECTIONS[name]!()}\n<!-- /generated:${name} -->`)]).toEqual([file, name, true]);
    }
    // A file that lost its markers is named, with what to do.
    expect(() => regenerate("# no markers\n", undefined, "docs/operating.md")).toThrow("docs/operating.md has no <!-- generated:day2 --> section: put the pair of markers back where the day2 table belongs, then run npm run docs");
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

  test("docs/verification.md's layout table names every top-level folder of the repository", () => {
    const layout = fs.readFileSync(path.join(REPO_ROOT, "docs", "verification.md"), "utf8");
    const table = layout.slice(layout.indexOf("## Layout"));
    const folders = fs.readdirSync(REPO_ROOT, { withFileTypes: true }).filter((entry) => entry.isDirectory() && !["node_modules", ".git", "coverage", "bin", ".pulumi"].includes(entry.name) && !entry.name.startsWith(".verify-local"));
    expect(folders.length).toBeGreaterThan(8);
    expect(folders.map((f) => f.name).filter((name) => !new RegExp(`^\\| \`${name.replace(".", "\\.")}(/|\`)`, "m").test(table))).toEqual([]);
  });
});
