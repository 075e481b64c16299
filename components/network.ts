/**
 * `PrivateNetwork`: where the databases' traffic stays off the internet. Either a virtual network
 * this stack creates (a delegated subnet per engine, a subnet for private endpoints, and the
 * private DNS zones the flexible servers register in, linked to the network) or existing ones
 * given by resource ID, so a hub-and-spoke landing zone can own the network.
 */
import * as network from "@pulumi/azure-native/network";
import * as privatedns from "@pulumi/azure-native/privatedns";
import * as pulumi from "@pulumi/pulumi";
import type { PrivateNetworkPlan } from "../config/environment";
import { KEY_VAULT_PRIVATE_DNS_ZONE } from "../naming";
import { HOLDS_NO_DATA } from "../packages/db-components/lib/protection";
import { OperationQueue } from "../packages/db-components/lib/serverOperations";


export interface PrivateNetworkArgs {
  /** Required. Resource group for what this component creates. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** Required. Region of the virtual network. */
  readonly location: string;
  /** Required. Physical name of the virtual network (`<prefix>-vnet`). */
  readonly vnetName: string;
  /** Required. Create a network, or use existing subnets and zones. */
  readonly plan: PrivateNetworkPlan;
  /**
   * Required. Names of the private DNS zones the VNet-integrated servers register in, one per
   * engine (`naming/index.ts` `serverDnsZone`: `<prefix>.private.postgres.database.azure.com`,
   * not the private endpoint zone). Fixed when a server is created: a change replaces the servers.
   */
  readonly serverDnsZones: { readonly postgres: string; readonly mysql: string };
  /**
   * Required when the network is created. NAT gateway and its public IP giving the delegated
   * subnets their outbound path (see below).
   */
  readonly egress: { readonly natGatewayName: string; readonly publicIpName: string };
  /** Optional. Protect the network from deletion (the servers cannot live without it). Default true. */
  readonly protect?: boolean;
  readonly tags?: Readonly<Record<string, string>>;
}

export class PrivateNetwork extends pulumi.ComponentResource {
  readonly postgresSubnetId: pulumi.Output<string>;
  readonly mysqlSubnetId: pulumi.Output<string>;
  readonly endpointsSubnetId: pulumi.Output<string>;
  readonly postgresDnsZoneId: pulumi.Output<string>;
  readonly mysqlDnsZoneId: pulumi.Output<string>;
  /** `privatelink.vaultcore.azure.net`, when this component created the network (else the network's owner registers endpoints). */
  readonly keyVaultDnsZoneId: pulumi.Output<string> | undefined;
  /** The virtual network, when this component created it. */
  readonly virtualNetwork: network.VirtualNetwork | undefined;

  constructor(name: string, args: PrivateNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("genims:network:PrivateNetwork", name, {}, opts);
    const plan = args.plan;
    if (plan.kind === "existing") {
      this.virtualNetwork = undefined;
      this.postgresSubnetId = pulumi.output(plan.postgresSubnetId);
      this.mysqlSubnetId = pulumi.output(plan.mysqlSubnetId);
      this.endpointsSubnetId = pulumi.output(plan.endpointsSubnetId);
      this.postgresDnsZoneId = pulumi.output(plan.postgresDnsZoneId);
      this.mysqlDnsZoneId = pulumi.output(plan.mysqlDnsZoneId);
      this.keyVaultDnsZoneId = undefined;
    } else {
      const protect = args.protect ?? true;
      const tags = { ...(args.tags ?? {}) };
      const vnet = new network.VirtualNetwork(
        `${name}-vnet`,
        { resourceGroupName: args.resourceGroupName, location: args.location, virtualNetworkName: args.vnetName, addressSpace: { addressPrefixes: [plan.addressSpace] }, tags },
        // Subnets are separate resources; without this the VNet would try to remove them on update.
        { parent: this, protect, ignoreChanges: ["subnets"] },
      );
      this.virtualNetwork = vnet;
      // Outbound path of the delegated subnets. They have no default outbound access (Azure retires
      // it; new subnets are private by default), yet the servers themselves call public Azure
      // endpoints: "if you elect to use Microsoft Entra authentication ... allow outbound traffic to
      // Microsoft Entra ID", and HA needs "Azure storage for log archival" (MicrosoftDocs/azure-databases-docs,
      // articles/postgresql/flexible-server/concepts-networking-private.md); MySQL's Entra
      // administrator reads the directory, and customer-managed keys are read from Key Vault. A NAT
      // gateway is the explicit outbound path Microsoft recommends; an existing (hub) network brings
      // its own (docs/cicd.md, "Where each environment deploys from").
      const natIp = new network.PublicIPAddress(
        `${name}-nat-ip`,
        {
          resourceGroupName: args.resourceGroupName,
          location: args.location,
          publicIpAddressName: args.egress.publicIpName,
          sku: { name: network.PublicIPAddressSkuName.Standard, tier: network.PublicIPAddressSkuTier.Regional },
          publicIPAllocationMethod: network.IPAllocationMethod.Static,
          tags,
        },
        { parent: vnet, ...HOLDS_NO_DATA },
      );
      const nat = new network.NatGateway(
        `${name}-nat`,
        {
          resourceGroupName: args.resourceGroupName,
          location: args.location,
          natGatewayName: args.egress.natGatewayName,
          sku: { name: network.NatGatewaySkuName.Standard },
          publicIpAddresses: [{ id: natIp.id }],
          idleTimeoutInMinutes: 4,
          tags,
        },
        { parent: vnet, ...HOLDS_NO_DATA },
      );
      // A virtual network also takes one subnet operation at a time (AnotherOperationInProgress).
      const subnets = new OperationQueue(vnet);
      const subnet = (role: string, prefix: string, delegation: string | undefined) =>
        subnets.enqueue(
          (dependsOn) =>
            new network.Subnet(
              `${name}-subnet-${role}`,
              {
                resourceGroupName: args.resourceGroupName,
                virtualNetworkName: vnet.name,
                subnetName: `${role}-subnet`,
                addressPrefix: prefix,
                // Flexible servers need a subnet delegated to their service; endpoints need none.
                delegations: delegation === undefined ? [] : [{ name: `${role}-delegation`, serviceName: delegation }],
                privateEndpointNetworkPolicies: "Disabled",
                // No implicit outbound internet access (Azure retires it); the delegated subnets get
                // the NAT gateway as their explicit outbound path, the endpoints subnet needs none.
                defaultOutboundAccess: false,
                ...(delegation === undefined ? {} : { natGateway: { id: nat.id } }),
              },
              { parent: vnet, dependsOn, protect },
            ),
        );
      this.postgresSubnetId = subnet("postgres", plan.postgresSubnetPrefix, "Microsoft.DBforPostgreSQL/flexibleServers").id;
      this.mysqlSubnetId = subnet("mysql", plan.mysqlSubnetPrefix, "Microsoft.DBforMySQL/flexibleServers").id;
      this.endpointsSubnetId = subnet("endpoints", plan.endpointsSubnetPrefix, undefined).id;

      const zone = (role: string, zoneName: string) => {
        const privateZone = new privatedns.PrivateZone(
          `${name}-dns-${role}`,
          { resourceGroupName: args.resourceGroupName, privateZoneName: zoneName, location: "global", tags },
          { parent: this, protect },
        );
        const link = new privatedns.VirtualNetworkLink(
          `${name}-dns-${role}-link`,
          {
            resourceGroupName: args.resourceGroupName,
            privateZoneName: privateZone.name,
            virtualNetworkLinkName: `${args.vnetName}-link`,
            location: "global",
            registrationEnabled: false,
            virtualNetwork: { id: vnet.id },
            tags,
          },
          { parent: privateZone },
        );
        // Servers registering in the zone must wait for its link to the network, or they can be
        // created before the zone resolves there (azurerm's examples depend on the link too).
        return pulumi.all([privateZone.id, link.id]).apply(([zoneId]) => zoneId);
      };
      this.postgresDnsZoneId = zone("postgres", args.serverDnsZones.postgres);
      this.mysqlDnsZoneId = zone("mysql", args.serverDnsZones.mysql);
      this.keyVaultDnsZoneId = zone("keyvault", KEY_VAULT_PRIVATE_DNS_ZONE);
    }
    this.registerOutputs({
      postgresSubnetId: this.postgresSubnetId,
      mysqlSubnetId: this.mysqlSubnetId,
      endpointsSubnetId: this.endpointsSubnetId,
      postgresDnsZoneId: this.postgresDnsZoneId,
      mysqlDnsZoneId: this.mysqlDnsZoneId,
    });
  }
}
