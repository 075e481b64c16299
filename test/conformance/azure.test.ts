/**
 * Azure conformance: every azure-native resource that dev, prod and the maximal fixture register
 * is mapped to the ARM request body azure-native 3.28.0 sends and validated against the schema of
 * that body in the Azure REST API specification at the API version the SDK uses
 * (conformance/azure/*.json, made by scripts/conformance/extract.ts; each excerpt names its spec
 * file and commit). A type without an excerpt fails.
 */
import { AZURE_TYPES } from "../../scripts/conformance/azureTypes";
import { azureConformanceProblems, loadAzureExcerpts, toRequestBody, validateRequestBody } from "../../scripts/conformance/azureValidate";
import type { ProgramRun } from "../harness";
import { type ConformanceRuns, runConformanceStacks } from "./stacks";

const excerpts = loadAzureExcerpts();
let runs: ConformanceRuns;
beforeAll(async () => {
  runs = await runConformanceStacks();
}, 90_000);

const azureResources = (run: ProgramRun) => run.resources.filter((r) => r.custom && r.type.startsWith("azure-native:"));

describe.each(["dev", "prod", "maximal"] as const)("%s stack", (stack) => {
  test("every azure-native resource type it registers has a specification excerpt", () => {
    const types = [...new Set(azureResources(runs[stack]).map((r) => r.type))].sort();
    expect(types.filter((type) => !excerpts.has(type))).toEqual([]);
  });

  test("every azure-native resource conforms to its request-body schema", () => {
    const problems = azureResources(runs[stack]).flatMap((resource) => azureConformanceProblems(excerpts, resource));
    expect(problems).toEqual([]);
  });
});

test("the excerpts are exactly the types of the extraction table, each with its spec file, commit and API version", () => {
  expect([...excerpts.keys()].sort()).toEqual(AZURE_TYPES.map((t) => t.token).sort());
  for (const spec of AZURE_TYPES) {
    const excerpt = excerpts.get(spec.token);
    expect(excerpt).toEqual(expect.objectContaining({ apiVersion: spec.apiVersion, resourceType: spec.resourceType, root: expect.any(String) }));
    expect(excerpt?.source.file).toBe(spec.specFile);
    expect(excerpt?.source.commits[spec.specFile]).toMatch(/^[0-9a-f]{40}$/);
  }
});

test("a resource type without an excerpt is reported, not passed", () => {
  expect(azureConformanceProblems(excerpts, { type: "azure-native:example:Unknown", name: "x", inputs: {} })).toEqual([
    "azure-native:example:Unknown x: no specification excerpt for this type (add it to scripts/conformance/azureTypes.ts and run npm run conformance:extract)",
  ]);
});

describe("the validator rejects one broken input of each resource type", () => {
  /** One realistic mistake per type and the exact problem it must produce. */
  const BROKEN: Record<string, { change: (inputs: Record<string, unknown>) => Record<string, unknown>; problem: string }> = {
    "azure-native:dbforpostgresql:Server": { change: (i) => ({ ...i, version: "10" }), problem: '/properties/version: "10" is not one of ["18","17","16","15","14","13","12","11"]' },
    "azure-native:dbforpostgresql:Configuration": { change: (i) => ({ ...i, isReadOnly: false }), problem: "/properties/isReadOnly: is read-only in the specification: a request must not set it" },
    "azure-native:dbforpostgresql:Database": { change: (i) => ({ ...i, charset: "utf-8" }), problem: '/properties/charset: "utf-8" must match pattern "^[a-zA-Z]+\\w*$"' },
    "azure-native:dbforpostgresql:FirewallRule": { change: ({ endIpAddress: _end, ...i }) => i, problem: '/properties: lacks required "endIpAddress"' },
    "azure-native:dbforpostgresql:AdministratorsMicrosoftEntra": { change: (i) => ({ ...i, principalType: "group" }), problem: '/properties/principalType: "group" is not one of ["Unknown","User","Group","ServicePrincipal"]' },
  };

  test("every type in the table has a broken case", () => {
    expect(Object.keys(BROKEN).sort()).toEqual(AZURE_TYPES.map((t) => t.token).sort());
  });

  test.each(AZURE_TYPES.map((t) => t.token))("%s", (token) => {
    const resource = [...azureResources(runs.maximal), ...azureResources(runs.prod), ...azureResources(runs.dev)].find((r) => r.type === token);
    expect(resource).toBeDefined();
    const excerpt = excerpts.get(token);
    if (!resource || !excerpt || !BROKEN[token]) throw new Error(`no resource, excerpt or broken case for ${token}`);
    const broken = BROKEN[token];
    // The same input minus the mistake is accepted, so the rejection is the mistake's.
    const fixed = { ...resource.inputs };
    if (token === "azure-native:dbforpostgresql:AdministratorsMicrosoftEntra") fixed.principalType = "Group";
    expect(validateRequestBody(excerpt, toRequestBody(excerpt, fixed))).toEqual([]);
    expect(validateRequestBody(excerpt, toRequestBody(excerpt, broken.change({ ...fixed })))).toEqual([broken.problem]);
  });
});
