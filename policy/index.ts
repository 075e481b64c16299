// The GenIMS policy pack, as `pulumi preview --policy-pack policy` loads it. The policies live in
// policies.ts so tests can call them without starting the pack's gRPC server, which this does.
import { PolicyPack } from "@pulumi/policy";
import { POLICY_PACK_ARGS, POLICY_PACK_NAME } from "./policies";

new PolicyPack(POLICY_PACK_NAME, POLICY_PACK_ARGS);
