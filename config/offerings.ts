/**
 * What Azure and Atlas offer, as data: compute sizes per engine and tier, storage per storage
 * type, region names, the Atlas <-> Azure region map. Config validation checks a stack file
 * against these lists so a typo fails before any resource is registered, with the closest valid
 * value named. Pure data, no Pulumi.
 *
 * Sources (read 2026-11, cited per list below):
 * - PostgreSQL compute: learn.microsoft.com/azure/postgresql/flexible-server/concepts-compute-storage
 *   ("VM-series: B-series | Ddsv5, Dadsv5, Ddsv4, Dsv3 | Edsv5, Eadsv5, Edsv4, Esv3; vCores 1, 2, 4,
 *   8, 12, 16, 20 | 2, 4, 8, 16, 32, 48, 64, 96 | 2, 4, 8, 16, 20 (v4/v5), 32, 48, 64, 96").
 * - MySQL compute: learn.microsoft.com/azure/mysql/flexible-server/concepts-service-tiers-storage
 *   ("B-series | Dadsv5, Ddsv4 | Edsv4/Edsv5/Eadsv5; vCores 1, 2, 4, 8, 12, 16, 20 | 2, 4, 8, 16, 32,
 *   48, 64 | 2, 4, 8, 16, 32, 48, 64, 80, 96"; storage 20 GiB to 16 TiB).
 * - PostgreSQL storage: learn.microsoft.com/azure/postgresql/flexible-server/concepts-storage-premium-ssd
 *   (fixed Premium SSD sizes 32 GiB-32 TiB, each with its default performance tier P4-P80) and
 *   .../concepts-storage-premium-ssd-v2 (any size in 1 GiB steps up to 64 TiB; IOPS 3,000-80,000;
 *   throughput 125-1,200 MB/s; in preview for PostgreSQL flexible servers).
 */

export type Engine = "postgres" | "mysql";
export type Tier = "Burstable" | "GeneralPurpose" | "MemoryOptimized";

const sizes = (prefix: string, cores: readonly number[], suffix: string) => cores.map((n) => `Standard_${prefix}${n}${suffix}`);

const BURSTABLE_PG = ["Standard_B1ms", "Standard_B2s", "Standard_B2ms", "Standard_B4ms", "Standard_B8ms", "Standard_B12ms", "Standard_B16ms", "Standard_B20ms"];
const BURSTABLE_MYSQL = ["Standard_B1s", ...BURSTABLE_PG];

/** Compute sizes Azure offers per engine and tier (the `sku.name` values). */
export const COMPUTE_SIZES: Readonly<Record<Engine, Readonly<Record<Tier, readonly string[]>>>> = {
  postgres: {
    Burstable: BURSTABLE_PG,
    GeneralPurpose: [
      ...sizes("D", [2, 4, 8, 16, 32, 48, 64, 96], "ds_v5"),
      ...sizes("D", [2, 4, 8, 16, 32, 48, 64, 96], "ads_v5"),
      ...sizes("D", [2, 4, 8, 16, 32, 48, 64], "ds_v4"),
      ...sizes("D", [2, 4, 8, 16, 32, 48, 64], "s_v3"),
    ],
    MemoryOptimized: [
      ...sizes("E", [2, 4, 8, 16, 20, 32, 48, 64, 96], "ds_v5"),
      ...sizes("E", [2, 4, 8, 16, 20, 32, 48, 64, 96], "ads_v5"),
      ...sizes("E", [2, 4, 8, 16, 20, 32, 48, 64], "ds_v4"),
      ...sizes("E", [2, 4, 8, 16, 32, 48, 64], "s_v3"),
    ],
  },
  mysql: {
    Burstable: BURSTABLE_MYSQL,
    GeneralPurpose: [...sizes("D", [2, 4, 8, 16, 32, 48, 64], "ads_v5"), ...sizes("D", [2, 4, 8, 16, 32, 48, 64], "ds_v4")],
    MemoryOptimized: [
      ...sizes("E", [2, 4, 8, 16, 32, 48, 64], "ds_v4"),
      ...sizes("E", [2, 4, 8, 16, 32, 48, 64, 80, 96], "ds_v5"),
      ...sizes("E", [2, 4, 8, 16, 32, 48, 64, 80, 96], "ads_v5"),
    ],
  },
};

/** The tier a size belongs to for an engine, if Azure offers it at all. */
export function tierOfSize(engine: Engine, size: string): Tier | undefined {
  return (Object.keys(COMPUTE_SIZES[engine]) as Tier[]).find((tier) => COMPUTE_SIZES[engine][tier].includes(size));
}

/** PostgreSQL Premium SSD (Premium_LRS): the sizes (GiB) and the performance tier each gets by default. */
export const POSTGRES_PREMIUM_SSD: readonly { readonly gb: number; readonly tier: string }[] = [
  { gb: 32, tier: "P4" },
  { gb: 64, tier: "P6" },
  { gb: 128, tier: "P10" },
  { gb: 256, tier: "P15" },
  { gb: 512, tier: "P20" },
  { gb: 1024, tier: "P30" },
  { gb: 2048, tier: "P40" },
  { gb: 4096, tier: "P50" },
  { gb: 8192, tier: "P60" },
  { gb: 16384, tier: "P70" },
  { gb: 32768, tier: "P80" },
];
/** Performance tiers in order (`AzureManagedDiskPerformanceTier` of azure-native 3.28.0). */
export const PREMIUM_SSD_TIERS = ["P1", "P2", "P3", "P4", "P6", "P10", "P15", "P20", "P30", "P40", "P50", "P60", "P70", "P80"] as const;
/** A disk's tier can be raised above its size's default, up to P50 for disks up to 4 TiB (concepts-storage-premium-ssd, "performance tiers"). */
export const PREMIUM_SSD_MAX_RAISED_TIER = "P50";
/**
 * Premium SSD v2 (PremiumV2_LRS) on PostgreSQL flexible servers, from Microsoft's page
 * MicrosoftDocs/azure-databases-docs articles/postgresql/compute-storage/concepts-storage-premium-ssd-v2.md
 * at commit 02bcee716463040e188a45f2353fa15cf16add8c (ms.date 01/13/2026; the page that
 * learn.microsoft.com/azure/postgresql/compute-storage/concepts-storage-premium-ssd-v2 serves):
 * - sizes: "1 GiB-64 TiBs" in 1 GiB steps; the GA announcement (techcommunity.microsoft.com/blog/adforpostgresql/
 *   premium-ssd-v2-is-now-generally-available-for-azure-database-for-postgresql/4508445) gives
 *   "from 32 GiB to 64 TiB" for flexible servers, the stricter bound, kept here;
 * - IOPS "3,000-80,000 (Increases by 500 IOPS per GiB)", "Disks can achieve up to 80,000 IOPS when sized
 *   at least 160 GiB": a disk's ceiling is 500 x GiB, never below the 3,000 baseline;
 * - throughput "125-1,200 (increases by 0.25 MB/s per set IOPS)": the ceiling is 0.25 x IOPS, never
 *   below the 125 MB/s baseline;
 * - "Supported features limitations" 1 and 2: no storage autogrow, General Purpose and Memory
 *   Optimized tiers only (no Burstable);
 * - customer-managed keys: the same page at commit 0347c8457b50044764512da27f7c8ba9cc01d304 (flexible-server/,
 *   ms.date 01/16/2025) and configure-maintain/concepts-storage-premium-ssd-v2.md at
 *   2e5b6d404a62e6c3a5920091ca579d21fbfaf46b list "Customer Managed Keys ... aren't supported for
 *   Premium SSD v2"; the 01/13/2026 text drops the words without announcing support, so a
 *   customer key stays refused until a page says it works.
 */
export const POSTGRES_PREMIUM_SSD_V2 = {
  minGb: 32,
  maxGb: 65536,
  minIops: 3000,
  maxIops: 80000,
  iopsPerGb: 500,
  minThroughput: 125,
  maxThroughput: 1200,
  throughputPerIops: 0.25,
  tiers: ["GeneralPurpose", "MemoryOptimized"] as readonly Tier[],
} as const;

/** The most IOPS a Premium SSD v2 disk of `sizeGb` can be given (500 per GiB, within 3,000-80,000). */
export const premiumV2MaxIops = (sizeGb: number): number =>
  Math.max(POSTGRES_PREMIUM_SSD_V2.minIops, Math.min(POSTGRES_PREMIUM_SSD_V2.maxIops, POSTGRES_PREMIUM_SSD_V2.iopsPerGb * sizeGb));
/** The most throughput (MB/s) a Premium SSD v2 disk with `iops` can be given (0.25 per IOPS, within 125-1,200). */
export const premiumV2MaxThroughput = (iops: number): number =>
  Math.max(POSTGRES_PREMIUM_SSD_V2.minThroughput, Math.min(POSTGRES_PREMIUM_SSD_V2.maxThroughput, Math.floor(POSTGRES_PREMIUM_SSD_V2.throughputPerIops * iops)));

/**
 * Where Premium SSD v2 servers get high availability and geo-redundant backup: the page above
 * (02bcee71, "Supported features"): "SSDv2 now supports High Availability, Geo-Redundant backups
 * Geo Replicas, Major Version Upgrade and, Geo DR features ... in all below supported regions",
 * and "Geo-redundant backups are currently unavailable in the region marked with *"; "If SSDv2 is
 * unavailable in a region, disable the High Availability option to enable SSDv2 storage".
 * `geoBackup: false` is a region marked with *.
 */
export const PREMIUM_SSD_V2_FEATURE_REGIONS: Readonly<Partial<Record<AzureLocation, { readonly geoBackup: boolean }>>> = {
  australiacentral2: { geoBackup: false }, australiaeast: { geoBackup: true }, australiasoutheast: { geoBackup: true }, brazilsouth: { geoBackup: false },
  canadacentral: { geoBackup: true }, canadaeast: { geoBackup: true }, centralindia: { geoBackup: false }, centralus: { geoBackup: true },
  eastasia: { geoBackup: true }, eastus: { geoBackup: true }, eastus2: { geoBackup: true }, germanywestcentral: { geoBackup: false },
  indonesiacentral: { geoBackup: false }, israelcentral: { geoBackup: false }, italynorth: { geoBackup: false }, japaneast: { geoBackup: true },
  koreacentral: { geoBackup: false }, mexicocentral: { geoBackup: false }, newzealandnorth: { geoBackup: false }, northcentralus: { geoBackup: true },
  northeurope: { geoBackup: true }, norwayeast: { geoBackup: true }, norwaywest: { geoBackup: true }, polandcentral: { geoBackup: false },
  southafricanorth: { geoBackup: false }, southeastasia: { geoBackup: true }, swedencentral: { geoBackup: false }, switzerlandnorth: { geoBackup: false },
  uaenorth: { geoBackup: false }, uksouth: { geoBackup: true }, ukwest: { geoBackup: true }, southcentralus: { geoBackup: true },
  westcentralus: { geoBackup: true }, westeurope: { geoBackup: true }, westus: { geoBackup: true }, westus2: { geoBackup: true }, westus3: { geoBackup: false },
};
/** MySQL flexible server storage and pre-provisioned IOPS bounds (concepts-service-tiers-storage: 20 GiB-16 TiB; IOPS up to 80,000 with the compute's own cap). */
export const MYSQL_STORAGE = { minGb: 20, maxGb: 16384, minIops: 360, maxIops: 80000 } as const;

/**
 * Azure region names: the `name` of every location of `regionType: Physical` that ARM's
 * Subscriptions - List Locations returns (learn.microsoft.com/rest/api/resources/subscriptions/list-locations;
 * `az account list-locations --query "[?metadata.regionType=='Physical'].name"`), as Microsoft's
 * region list published them when this was written; not read from a live subscription here.
 * Cross-checked: every Azure name of the Atlas map below is in it (test/config.test.ts). A name
 * not here is a typo or a region newer than the list: the error names the closest match, and a
 * new region is one line here.
 */
export const AZURE_LOCATIONS = [
  "australiacentral", "australiacentral2", "australiaeast", "australiasoutheast", "austriaeast", "belgiumcentral", "brazilsouth", "brazilsoutheast",
  "canadacentral", "canadaeast", "centralindia", "centralus", "chilecentral", "eastasia", "eastus", "eastus2", "francecentral", "francesouth",
  "germanynorth", "germanywestcentral", "indonesiacentral", "israelcentral", "italynorth", "japaneast", "japanwest", "jioindiacentral", "jioindiawest",
  "koreacentral", "koreasouth", "malaysiawest", "mexicocentral", "newzealandnorth", "northcentralus", "northeurope", "norwayeast", "norwaywest",
  "polandcentral", "qatarcentral", "southafricanorth", "southafricawest", "southcentralus", "southindia", "southeastasia", "spaincentral",
  "swedencentral", "swedensouth", "switzerlandnorth", "switzerlandwest", "uaecentral", "uaenorth", "uksouth", "ukwest", "westcentralus",
  "westeurope", "westindia", "westus", "westus2", "westus3",
] as const;

export type AzureLocation = (typeof AZURE_LOCATIONS)[number];

/** What a flexible server of one engine offers in a region; `undefined`: the engine's table does not list the region. */
export interface FlexibleServerRegion {
  /** Zone-redundant high availability can be created there. */
  readonly zoneRedundantHa: boolean;
  /** Geo-redundant backup can be turned on there. */
  readonly geoBackup: boolean;
}

export interface RegionCapabilities {
  /** The region's display name, as the sources write it. */
  readonly name: string;
  /** The region has availability zones (a server can be pinned to zone 1, 2 or 3). */
  readonly zones: boolean;
  /** The region's paired (secondary) region, where geo-redundant backups go and a geo-restore lands; `undefined`: no pair. */
  readonly pair: AzureLocation | undefined;
  readonly postgres: FlexibleServerRegion | undefined;
  readonly mysql: FlexibleServerRegion | undefined;
  /** Where a row departs from its sources or they disagree. */
  readonly note?: string;
}

/**
 * Where each column of `AZURE_REGIONS` comes from (MicrosoftDocs repositories, path at commit).
 * A row copies its sources; where they are silent or disagree, the row's `note` says what was chosen.
 */
export const REGION_SOURCES = {
  zones: "MicrosoftDocs/azure-docs articles/reliability/regions-list.md @ 38aa843f54a042c7cbad5a64a2504f928126ab8c (ms.date 04/15/2025), column \"Availability zone support\"",
  pair: "MicrosoftDocs/azure-docs articles/reliability/regions-list.md @ 38aa843f54a042c7cbad5a64a2504f928126ab8c, column \"Paired region\" (n/a: none), checked against articles/reliability/regions-paired.md @ 09462cd47dca6612360efd94fb63924ba9e0a4fd (West India -> South India and West US 3 -> East US are one-way; Brazil South -> South Central US)",
  postgres: "MicrosoftDocs/azure-databases-docs articles/postgresql/includes/regions-table.md @ 2d9647fbe7614032e189e4856bd33ee8ff10104b (ms.date 12/22/2025, the overview's \"Azure regions\" table), columns \"Zone-Redundant HA\" and \"Geo-Redundant backup\"",
  mysql: "MicrosoftDocs/azure-databases-docs articles/mysql/flexible-server/overview.md @ 0200b8f33c43283e8c247f6c6352626cfab38bab (ms.date 01/05/2026), section \"Azure regions\", columns \"Zone-redundant HA\" and \"Geo-redundant backup\"",
  geoRestore: "MicrosoftDocs/azure-databases-docs articles/postgresql/backup-restore/concepts-backup-restore.md @ 0085bb1605f6626784283b37463e377ab04a38e0: \"After you configure your server with geo-redundant backup, you can restore it to a geo-paired region\"",
} as const;

/**
 * Region capabilities for every name of `AZURE_LOCATIONS` (sources: `REGION_SOURCES`, per column).
 * PostgreSQL's table also marks regions where "new zone-redundant HA deployments are temporarily
 * blocked" ($: eastus, eastus2, westeurope, northeurope, westus2, ...); a temporary block is not
 * recorded here, since existing servers keep their HA and the block lifts without notice.
 */
export const AZURE_REGIONS: Readonly<Record<AzureLocation, RegionCapabilities>> = {
  australiacentral: { name: "Australia Central", zones: false, pair: "australiacentral2", postgres: { zoneRedundantHa: false, geoBackup: true }, mysql: { zoneRedundantHa: false, geoBackup: false } },
  australiacentral2: { name: "Australia Central 2", zones: false, pair: "australiacentral", postgres: { zoneRedundantHa: false, geoBackup: false }, mysql: undefined },
  australiaeast: { name: "Australia East", zones: true, pair: "australiasoutheast", postgres: { zoneRedundantHa: true, geoBackup: true }, mysql: { zoneRedundantHa: true, geoBackup: true } },
  australiasoutheast: { name: "Australia Southeast", zones: false, pair: "australiaeast", postgres: { zoneRedundantHa: false, geoBackup: true }, mysql: { zoneRedundantHa: false, geoBackup: true } },
  austriaeast: { name: "Austria East", zones: true, pair: undefined, postgres: { zoneRedundantHa: true, geoBackup: false }, mysql: undefined },
  belgiumcentral: { name: "Belgium Central", zones: true, pair: undefined, postgres: { zoneRedundantHa: true, geoBackup: false }, mysql: undefined, note: "not in the regions list: zones from PostgreSQL's zone-redundant HA there; no pair in regions-paired.md" },
  brazilsouth: { name: "Brazil South", zones: true, pair: "southcentralus", postgres: { zoneRedundantHa: true, geoBackup: false }, mysql: { zoneRedundantHa: true, geoBackup: true } },
  brazilsoutheast: { name: "Brazil Southeast", zones: false, pair: "brazilsouth", postgres: { zoneRedundantHa: false, geoBackup: false }, mysql: undefined },
  canadacentral: { name: "Canada Central", zones: true, pair: "canadaeast", postgres: { zoneRedundantHa: true, geoBackup: true }, mysql: { zoneRedundantHa: true, geoBackup: true } },
  canadaeast: { name: "Canada East", zones: false, pair: "canadacentral", postgres: { zoneRedundantHa: false, geoBackup: true }, mysql: { zoneRedundantHa: false, geoBackup: true } },
  centralindia: { name: "Central India", zones: true, pair: "southindia", postgres: { zoneRedundantHa: true, geoBackup: true }, mysql: { zoneRedundantHa: true, geoBackup: true } },
  centralus: { name: "Central US", zones: true, pair: "eastus2", postgres: { zoneRedundantHa: true, geoBackup: true }, mysql: { zoneRedundantHa: true, geoBackup: true } },
  chilecentral: { name: "Chile Central", zones: true, pair: undefined, postgres: { zoneRedundantHa: true, geoBackup: false }, mysql: { zoneRedundantHa: true, geoBackup: true } },
  eastasia: { name: "East Asia", zones: true, pair: "southeastasia", postgres: { zoneRedundantHa: true, geoBackup: true }, mysql: { zoneRedundantHa: true, geoBackup: true } },
  eastus: { name: "East US", zones: true, pair: "westus", postgres: { zoneRedundantHa: true, geoBackup: true }, mysql: { zoneRedundantHa: true, geoBackup: true } },
  eastus2: { name: "East US 2", zones: true, pair: "centralus", postgres: { zoneRedundantHa: true, geoBackup: true }, mysql: { zoneRedundantHa: true, geoBackup: true } },
  francecentral: { name: "France Central", zones: true, pair: "francesouth", postgres: { zoneRedundantHa: true, geoBackup: true }, mysql: { zoneRedundantHa: true, geoBackup: true } },
  francesouth: { name: "France South", zones: false, pair: "francecentral", postgres: { zoneRedundantHa: false, geoBackup: true }, mysql: { zoneRedundantHa: false, geoBackup: true } },
  germanynorth: { name: "Germany North", zones: false, pair: "germanywestcentral", postgres: { zoneRedundantHa: false, geoBackup: true }, mysql: { zoneRedundantHa: false, geoBackup: true } },
  germanywestcentral: { name: "Germany West Central", zones: true, pair: "germanynorth", postgres: { zoneRedundantHa: true, geoBackup: true }, mysql: { zoneRedundantHa: true, geoBackup: true } },
  indonesiacentral: { name: "Indonesia Central", zones: true, pair: undefined, postgres: { zoneRedundantHa: true, geoBackup: false }, mysql: { zoneRedundantHa: false, geoBackup: false } },
  israelcentral: { name: "Israel Central", zones: true, pair: undefined, postgres: { zoneRedundantHa: true, geoBackup: false }, mysql: { zoneRedundantHa: true, geoBackup: false } },
  italynorth: { name: "Italy North", zones: true, pair: undefined, postgres: { zoneRedundantHa: true, geoBackup: false }, mysql: { zoneRedundantHa: true, geoBackup: false } },
  japaneast: { name: "Japan East", zones: true, pair: "japanwest", postgres: { zoneRedundantHa: true, geoBackup: true }, mysql: { zoneRedundantHa: true, geoBackup: true } },
  japanwest: { name: "Japan West", zones: true, pair: "japaneast", postgres: { zoneRedundantHa: false, geoBackup: true }, mysql: { zoneRedundantHa: false, geoBackup: true } },
  jioindiacentral: { name: "Jio India Central", zones: false, pair: undefined, postgres: { zoneRedundantHa: false, geoBackup: true }, mysql: undefined, note: "not in the regions list nor regions-paired.md: no zones assumed (no zone-redundant HA there), pair unknown" },
  jioindiawest: { name: "Jio India West", zones: false, pair: undefined, postgres: { zoneRedundantHa: false, geoBackup: true }, mysql: { zoneRedundantHa: false, geoBackup: false }, note: "not in the regions list nor regions-paired.md: no zones assumed (no zone-redundant HA there), pair unknown" },
  koreacentral: { name: "Korea Central", zones: true, pair: "koreasouth", postgres: { zoneRedundantHa: true, geoBackup: true }, mysql: { zoneRedundantHa: true, geoBackup: true } },
  koreasouth: { name: "Korea South", zones: false, pair: "koreacentral", postgres: { zoneRedundantHa: false, geoBackup: true }, mysql: { zoneRedundantHa: false, geoBackup: true } },
  malaysiawest: { name: "Malaysia West", zones: true, pair: undefined, postgres: { zoneRedundantHa: true, geoBackup: false }, mysql: { zoneRedundantHa: true, geoBackup: true } },
  mexicocentral: { name: "Mexico Central", zones: true, pair: undefined, postgres: { zoneRedundantHa: true, geoBackup: false }, mysql: { zoneRedundantHa: true, geoBackup: false } },
  newzealandnorth: { name: "New Zealand North", zones: true, pair: undefined, postgres: { zoneRedundantHa: true, geoBackup: false }, mysql: { zoneRedundantHa: true, geoBackup: false } },
  northcentralus: { name: "North Central US", zones: false, pair: "southcentralus", postgres: { zoneRedundantHa: false, geoBackup: true }, mysql: { zoneRedundantHa: false, geoBackup: true } },
  northeurope: { name: "North Europe", zones: true, pair: "westeurope", postgres: { zoneRedundantHa: true, geoBackup: true }, mysql: { zoneRedundantHa: true, geoBackup: true } },
  norwayeast: { name: "Norway East", zones: true, pair: "norwaywest", postgres: { zoneRedundantHa: true, geoBackup: true }, mysql: { zoneRedundantHa: true, geoBackup: true } },
  norwaywest: { name: "Norway West", zones: false, pair: "norwayeast", postgres: { zoneRedundantHa: false, geoBackup: true }, mysql: { zoneRedundantHa: false, geoBackup: false } },
  polandcentral: { name: "Poland Central", zones: true, pair: undefined, postgres: { zoneRedundantHa: true, geoBackup: false }, mysql: { zoneRedundantHa: true, geoBackup: false } },
  qatarcentral: { name: "Qatar Central", zones: true, pair: undefined, postgres: { zoneRedundantHa: true, geoBackup: false }, mysql: { zoneRedundantHa: true, geoBackup: false } },
  southafricanorth: { name: "South Africa North", zones: true, pair: "southafricawest", postgres: { zoneRedundantHa: true, geoBackup: true }, mysql: { zoneRedundantHa: true, geoBackup: true } },
  southafricawest: { name: "South Africa West", zones: false, pair: "southafricanorth", postgres: { zoneRedundantHa: false, geoBackup: true }, mysql: { zoneRedundantHa: false, geoBackup: true } },
  southcentralus: { name: "South Central US", zones: true, pair: "northcentralus", postgres: { zoneRedundantHa: true, geoBackup: true }, mysql: { zoneRedundantHa: true, geoBackup: true } },
  southindia: { name: "South India", zones: false, pair: "centralindia", postgres: { zoneRedundantHa: true, geoBackup: true }, mysql: { zoneRedundantHa: false, geoBackup: true }, note: "the regions list shows no zones, while PostgreSQL's table offers zone-redundant HA: both kept as written" },
  southeastasia: { name: "Southeast Asia", zones: true, pair: "eastasia", postgres: { zoneRedundantHa: true, geoBackup: true }, mysql: { zoneRedundantHa: true, geoBackup: true } },
  spaincentral: { name: "Spain Central", zones: true, pair: undefined, postgres: { zoneRedundantHa: true, geoBackup: false }, mysql: { zoneRedundantHa: false, geoBackup: false } },
  swedencentral: { name: "Sweden Central", zones: true, pair: "swedensouth", postgres: { zoneRedundantHa: true, geoBackup: true }, mysql: { zoneRedundantHa: true, geoBackup: false } },
  swedensouth: { name: "Sweden South", zones: false, pair: "swedencentral", postgres: undefined, mysql: undefined, note: "only a pair in the regions list (no row of its own): no zones assumed; neither flexible-server table lists it" },
  switzerlandnorth: { name: "Switzerland North", zones: true, pair: "switzerlandwest", postgres: { zoneRedundantHa: true, geoBackup: true }, mysql: { zoneRedundantHa: true, geoBackup: true } },
  switzerlandwest: { name: "Switzerland West", zones: false, pair: "switzerlandnorth", postgres: { zoneRedundantHa: false, geoBackup: true }, mysql: { zoneRedundantHa: false, geoBackup: true } },
  uaecentral: { name: "UAE Central", zones: false, pair: "uaenorth", postgres: { zoneRedundantHa: false, geoBackup: true }, mysql: { zoneRedundantHa: false, geoBackup: true } },
  uaenorth: { name: "UAE North", zones: true, pair: "uaecentral", postgres: { zoneRedundantHa: true, geoBackup: true }, mysql: { zoneRedundantHa: true, geoBackup: true } },
  uksouth: { name: "UK South", zones: true, pair: "ukwest", postgres: { zoneRedundantHa: true, geoBackup: true }, mysql: { zoneRedundantHa: true, geoBackup: true } },
  ukwest: { name: "UK West", zones: false, pair: "uksouth", postgres: { zoneRedundantHa: false, geoBackup: true }, mysql: { zoneRedundantHa: false, geoBackup: true } },
  westcentralus: { name: "West Central US", zones: false, pair: "westus2", postgres: { zoneRedundantHa: false, geoBackup: true }, mysql: { zoneRedundantHa: false, geoBackup: true } },
  westeurope: { name: "West Europe", zones: true, pair: "northeurope", postgres: { zoneRedundantHa: true, geoBackup: true }, mysql: { zoneRedundantHa: true, geoBackup: true } },
  westindia: { name: "West India", zones: false, pair: "southindia", postgres: undefined, mysql: undefined },
  westus: { name: "West US", zones: false, pair: "eastus", postgres: { zoneRedundantHa: false, geoBackup: true }, mysql: { zoneRedundantHa: false, geoBackup: true } },
  westus2: { name: "West US 2", zones: true, pair: "westcentralus", postgres: { zoneRedundantHa: true, geoBackup: true }, mysql: { zoneRedundantHa: true, geoBackup: true } },
  westus3: { name: "West US 3", zones: true, pair: "eastus", postgres: { zoneRedundantHa: true, geoBackup: false }, mysql: { zoneRedundantHa: true, geoBackup: true } },
};

/**
 * Atlas's names for Azure regions, mapped to the Azure location they are: the mapping MongoDB's
 * own Terraform module keeps (github.com/terraform-mongodbatlas-modules/terraform-mongodbatlas-atlas-azure,
 * README, variable `atlas_to_azure_region`, "Keys = Atlas format, values = Azure format"), which
 * is Atlas's region table for Azure (www.mongodb.com/docs/atlas/reference/microsoft-azure/);
 * its canary region US_EAST_2_EUAP is left out. A private endpoint must sit in the same Azure region as
 * the Atlas cluster it reaches, so with Private Link the stack's `location` must equal the
 * mapped value of `atlasRegion`.
 */
export const ATLAS_AZURE_REGIONS: Readonly<Record<string, string>> = {
  US_CENTRAL: "centralus",
  US_EAST: "eastus",
  US_EAST_2: "eastus2",
  US_NORTH_CENTRAL: "northcentralus",
  US_WEST: "westus",
  US_WEST_2: "westus2",
  US_WEST_3: "westus3",
  US_SOUTH_CENTRAL: "southcentralus",
  US_WEST_CENTRAL: "westcentralus",
  CANADA_EAST: "canadaeast",
  CANADA_CENTRAL: "canadacentral",
  BRAZIL_SOUTH: "brazilsouth",
  BRAZIL_SOUTHEAST: "brazilsoutheast",
  MEXICO_CENTRAL: "mexicocentral",
  CHILE_CENTRAL: "chilecentral",
  EUROPE_NORTH: "northeurope",
  EUROPE_WEST: "westeurope",
  UK_SOUTH: "uksouth",
  UK_WEST: "ukwest",
  FRANCE_CENTRAL: "francecentral",
  FRANCE_SOUTH: "francesouth",
  ITALY_NORTH: "italynorth",
  GERMANY_WEST_CENTRAL: "germanywestcentral",
  GERMANY_NORTH: "germanynorth",
  POLAND_CENTRAL: "polandcentral",
  SWITZERLAND_NORTH: "switzerlandnorth",
  SWITZERLAND_WEST: "switzerlandwest",
  NORWAY_EAST: "norwayeast",
  NORWAY_WEST: "norwaywest",
  SWEDEN_CENTRAL: "swedencentral",
  SWEDEN_SOUTH: "swedensouth",
  SPAIN_CENTRAL: "spaincentral",
  ASIA_EAST: "eastasia",
  ASIA_SOUTH_EAST: "southeastasia",
  AUSTRALIA_CENTRAL: "australiacentral",
  AUSTRALIA_CENTRAL_2: "australiacentral2",
  AUSTRALIA_EAST: "australiaeast",
  AUSTRALIA_SOUTH_EAST: "australiasoutheast",
  INDIA_CENTRAL: "centralindia",
  INDIA_SOUTH: "southindia",
  INDIA_WEST: "westindia",
  JAPAN_EAST: "japaneast",
  JAPAN_WEST: "japanwest",
  KOREA_CENTRAL: "koreacentral",
  KOREA_SOUTH: "koreasouth",
  SOUTH_AFRICA_NORTH: "southafricanorth",
  SOUTH_AFRICA_WEST: "southafricawest",
  UAE_CENTRAL: "uaecentral",
  UAE_NORTH: "uaenorth",
  QATAR_CENTRAL: "qatarcentral",
  INDONESIA_CENTRAL: "indonesiacentral",
  MALAYSIA_WEST: "malaysiawest",
  NEW_ZEALAND_NORTH: "newzealandnorth",
  ISRAEL_CENTRAL: "israelcentral",
};
