// GenIMS database platform: 13 PostgreSQL, 3 MySQL and 1 MongoDB database per environment.
// Validate the stack's config against the catalog (every problem at once, before any resource),
// build the topology, export the outputs. See README.md and docs/.
import { GENIMS_CATALOG } from "./catalog";
import { genimsProgram } from "./stacks/topology";

export = genimsProgram(GENIMS_CATALOG);
