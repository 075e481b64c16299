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
import { KEY_VAULT_PRIVATE_DNS_ZONE, MYSQL_PRIVATE_DNS_ZONE, POSTGRES_PRIVATE_DNS_ZONE } from "../naming";
import { OperationQueue } from "./serverOperations";


export interface PrivateNetworkArgs {
  /** Required. Resource group for what this component creates. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** Required. Region of the virtual network. */
  readonly location: string;
  /** Required. Physical name of the virtual network (`<prefix>-vnet`). */
  readonly vnetName: string;
  /** Required. Create a network, or use existing subnets and zones. */
  readonly plan: PrivateNetworkPlan;
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
                // No default outbound internet access for database subnets (Azure retires it anyway).
                defaultOutboundAccess: false,
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
      this.postgresDnsZoneId = zone("postgres", POSTGRES_PRIVATE_DNS_ZONE);
      this.mysqlDnsZoneId = zone("mysql", MYSQL_PRIVATE_DNS_ZONE);
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
