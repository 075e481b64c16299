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
/** Premium SSD v2 (PremiumV2_LRS) bounds for PostgreSQL flexible servers. */
export const POSTGRES_PREMIUM_SSD_V2 = { minGb: 32, maxGb: 65536, minIops: 3000, maxIops: 80000, minThroughput: 125, maxThroughput: 1200 } as const;
/** MySQL flexible server storage and pre-provisioned IOPS bounds (concepts-service-tiers-storage: 20 GiB-16 TiB; IOPS up to 80,000 with the compute's own cap). */
export const MYSQL_STORAGE = { minGb: 20, maxGb: 16384, minIops: 360, maxIops: 80000 } as const;

/**
 * Azure region names (`az account list-locations --query "[].name"`), the physical regions of
 * learn.microsoft.com/azure/reliability/regions-list as of 2026-11 (logical "global"/geography
 * names excluded). A name not here is a typo or a region this list predates: the error names the
 * closest match, and a new region is one line here.
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

/**
 * Atlas's names for Azure regions (MongoDB Atlas docs, "Microsoft Azure" cloud provider
 * reference: www.mongodb.com/docs/atlas/reference/microsoft-azure/, column "Atlas Region"),
 * mapped to the Azure location they are. A private endpoint must sit in the same Azure region as
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
  ISRAEL_CENTRAL: "israelcentral",
};
