package io.ospatch.web.api;

import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.InputRules;
import io.ospatch.cluster.InventoryVars;
import io.ospatch.cluster.UnknownClusterException;
import io.ospatch.schedule.FireTimes;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Service;

/** Clusters as the API shows them, from {@link FleetService}: the same clusters and rules as the CLI. */
@Service
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ClusterResources {

	private final FleetService fleet;

	private final FireTimes fireTimes;

	ClusterResources(FleetService fleet, FireTimes fireTimes) {
		this.fleet = fleet;
		this.fireTimes = fireTimes;
	}

	List<ClusterResource> all() {
		return this.fleet.clusters().stream().map(this::resource).toList();
	}

	/** @throws UnknownClusterException with the CLI's message */
	ClusterResource one(String name) {
		return resource(this.fleet.cluster(name));
	}

	private ClusterResource resource(Cluster cluster) {
		Map<String, String> inventoryVars = new TreeMap<>();
		cluster.inventoryVars().forEach((name, value) -> inventoryVars.put(name, InventoryVars.shown(name, value)));
		String nextFireTime = (cluster.schedule() != null)
				? this.fireTimes.next(cluster).map(DateTimeFormatter.ISO_OFFSET_DATE_TIME::format).orElse(null) : null;
		ClusterResource.Eks eks = (cluster.eks() != null) ? new ClusterResource.Eks(cluster.eks().clusterName(),
				cluster.eks().region(), cluster.eks().nodegroups(), cluster.eks().force()) : null;
		return new ClusterResource(cluster.name(), cluster.kind().value(), cluster.kind().patchRefusal().orElse(null),
				this.fleet.nodes(cluster).size(), cluster.timezone().getId(), cluster.patchOnBoot(), cluster.schedule(),
				nextFireTime, cluster.maxUnavailable().toString(), cluster.failureBudget().toString(),
				(cluster.maintenanceWindow() != null) ? InputRules.formatWindow(cluster.maintenanceWindow()) : null,
				cluster.contacts(), cluster.sshUser(), text(cluster.sshKey()), text(cluster.knownHosts()),
				cluster.jumpHost(), text(cluster.becomePasswordFile()), inventoryVars,
				(cluster.kubeAccess() != null) ? cluster.kubeAccess().describe() : null, cluster.drainDeleteEmptyDirData(),
				eks, (cluster.webhook() != null)
						? new ClusterResource.Webhook(cluster.webhook().redacted(), text(cluster.webhook().secretFile())) : null);
	}

	private static String text(Path path) {
		return (path != null) ? path.toString() : null;
	}

}
