import { type GraphNode, criticalPath, deployGraph, modeledSeconds } from "../scripts/lib/deployGraph";
import { runGenims } from "./harness";

const node = (id: string, seconds: number, group?: string): GraphNode => ({ id, seconds, group });

describe("critical path over a dependency graph", () => {
  test("a tiny hand-built graph has the known longest path", () => {
    // a(1) → b(5) → d(1); a → c(2) → d; e(3) alone. Longest: a, b, d = 7.
    const nodes = [node("a", 1), node("b", 5), node("c", 2), node("d", 1), node("e", 3)];
    const edges = new Map([
      ["b", ["a"]],
      ["c", ["a"]],
      ["d", ["b", "c"]],
    ]);
    const result = criticalPath(nodes, edges);
    expect(result.path).toEqual(["a", "b", "d"]);
    expect(result.seconds).toBe(7);
  });

  test("two servers with serialised chains: the deploy is the slowest server, ratio 1.00", () => {
    const nodes = [node("s1", 600, "one"), node("s1-db1", 60, "one"), node("s1-db2", 60, "one"), node("s2", 900, "two"), node("s2-db1", 60, "two")];
    const edges = new Map([
      ["s1-db1", ["s1"]],
      ["s1-db2", ["s1-db1"]],
      ["s2-db1", ["s2"]],
    ]);
    const result = criticalPath(nodes, edges);
    expect(result.seconds).toBe(960);
    expect(result.lowerBound).toEqual({ group: "two", path: ["s2", "s2-db1"], seconds: 960 });
    expect(result.ratio).toBe(1);
  });

  test("a cross-server dependency lengthens the deploy beyond its lower bound (ratio > 1)", () => {
    const nodes = [node("s1", 1200, "one"), node("s1-db1", 60, "one"), node("s2", 900, "two"), node("s2-db1", 60, "two")];
    // Server two's database waits for server one's database: two now finishes after one.
    const edges = new Map([
      ["s1-db1", ["s1"]],
      ["s2-db1", ["s1-db1", "s2"]],
    ]);
    const result = criticalPath(nodes, edges);
    expect(result.path).toEqual(["s1", "s1-db1", "s2-db1"]);
    expect(result.seconds).toBe(1320);
    expect(result.lowerBound).toEqual({ group: "one", path: ["s1", "s1-db1"], seconds: 1260 });
    expect(result.ratio).toBeCloseTo(1320 / 1260);
    expect(result.ratio).toBeGreaterThan(1);
  });

  test("a cycle is reported, not looped on", () => {
    expect(() => criticalPath([node("a", 1), node("b", 1)], new Map([["a", ["b"]], ["b", ["a"]]]))).toThrow("dependency cycle");
  });

  test("modeled durations: HA adds to a server; databases a minute; components nothing", () => {
    const server = (mode: string) => ({ type: "azure-native:dbforpostgresql:Server", custom: true, inputs: { highAvailability: { mode } } });
    expect(modeledSeconds(server("Disabled"))).toBe(600);
    expect(modeledSeconds(server("ZoneRedundant"))).toBe(900);
    expect(modeledSeconds({ type: "azure-native:dbformysql:Database", custom: true, inputs: {} })).toBe(60);
    expect(modeledSeconds({ type: "genims:database:PostgresCluster", custom: false, inputs: {} })).toBe(0);
  });
});

describe("the real topologies", () => {
  test.each(["dev", "prod"])("%s deploys at its lower bound: no server waits on another (ratio 1.00)", async (stack) => {
    const { nodes, edges } = deployGraph((await runGenims(stack)).resources);
    const result = criticalPath(nodes, edges);
    expect(result.lowerBound.group).toMatch(/^genims:database:(PostgresCluster|MysqlCluster|AtlasProject)::/);
    expect(result.ratio).toBe(1);
    // Every child of a server is on the path's group only through its own server.
    expect(edges.get("azure-native:dbforpostgresql:Database::pg-core-db-genims-hr-db") ?? edges.get("azure-native:dbforpostgresql:Database::pg-corporate-db-genims-hr-db")).toEqual(
      expect.arrayContaining([expect.stringMatching(/^azure-native:dbforpostgresql:Server::pg-(core|corporate)-server$/)]),
    );
  }, 30_000);
});
