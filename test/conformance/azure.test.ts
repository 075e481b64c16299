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
  /**
   * One realistic mistake per type and the exact problem it must produce. `repair` undoes a
   * current finding of the suite (listed in the README) so the baseline conforms; it is a no-op
   * once the component is fixed.
   */
  const BROKEN: Record<string, { change: (inputs: Record<string, unknown>) => Record<string, unknown>; problem: string; repair?: (inputs: Record<string, unknown>) => Record<string, unknown> }> = {
    "azure-native:dbforpostgresql:Server": { change: (i) => ({ ...i, version: "10" }), problem: '/properties/version: "10" is not one of ["18","17","16","15","14","13","12","11"]' },
    "azure-native:dbforpostgresql:Configuration": { change: (i) => ({ ...i, isReadOnly: false }), problem: "/properties/isReadOnly: is read-only in the specification: a request must not set it" },
    "azure-native:dbforpostgresql:Database": { change: (i) => ({ ...i, charset: "utf-8" }), problem: '/properties/charset: "utf-8" must match pattern "^[a-zA-Z]+\\w*$"' },
    "azure-native:dbforpostgresql:FirewallRule": { change: ({ endIpAddress: _end, ...i }) => i, problem: '/properties: lacks required "endIpAddress"' },
    "azure-native:dbforpostgresql:AdministratorsMicrosoftEntra": {
      change: (i) => ({ ...i, principalType: "group" }),
      problem: '/properties/principalType: "group" is not one of ["Unknown","User","Group","ServicePrincipal"]',
      repair: (i) => ({ ...i, principalType: String(i.principalType).replace(/^group$/, "Group") }),
    },
    "azure-native:dbformysql:Server": {
      change: (i) => ({ ...i, version: "8.0" }),
      problem: '/properties/version: "8.0" is not one of ["5.7","8.0.21"]',
      repair: (i) => {
        const { storageRedundancy: _redundancy, ...storage } = (i.storage ?? {}) as Record<string, unknown>;
        return { ...i, storage };
      },
    },
    "azure-native:dbformysql:Configuration": { change: (i) => ({ ...i, source: "user" }), problem: '/properties/source: "user" is not one of ["system-default","user-override"]' },
    "azure-native:dbformysql:Database": { change: (i) => ({ ...i, charset: 4 }), problem: "/properties/charset: 4 must be string" },
    "azure-native:dbformysql:FirewallRule": { change: (i) => ({ ...i, startIpAddress: "10.0.0" }), problem: '/properties/startIpAddress: "10.0.0" must match pattern "^(([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\\.){3}([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])$"' },
    "azure-native:dbformysql:AzureADAdministrator": { change: (i) => ({ ...i, administratorType: "Group" }), problem: '/properties/administratorType: "Group" is not one of ["ActiveDirectory"]' },
  };

  test("every type in the table has a broken case", () => {
    expect(Object.keys(BROKEN).sort()).toEqual(AZURE_TYPES.map((t) => t.token).sort());
  });

  test.each(AZURE_TYPES.map((t) => t.token))("%s", (token) => {
    const resource = [...azureResources(runs.maximal), ...azureResources(runs.prod), ...azureResources(runs.dev)].find((r) => r.type === token);
    const excerpt = excerpts.get(token);
    const broken = BROKEN[token];
    if (!resource || !excerpt || !broken) throw new Error(`no registered resource, excerpt or broken case for ${token}`);
    // The input without the mistake is accepted, so the rejection is the mistake's alone.
    const baseline = (broken.repair ?? ((i) => i))({ ...resource.inputs });
    expect(validateRequestBody(excerpt, toRequestBody(excerpt, baseline))).toEqual([]);
    expect(validateRequestBody(excerpt, toRequestBody(excerpt, broken.change({ ...baseline })))).toEqual([broken.problem]);
  });
});
