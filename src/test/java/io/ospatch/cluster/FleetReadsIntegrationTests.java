package io.ospatch.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ospatch.support.DatabaseCleaner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading many clusters at once ({@link FleetService#clusters()}, {@link FleetService#clusters(java.util.Collection)}),
 * with their contacts and inventory variables read for all of them together: each cluster is what
 * {@link FleetService#cluster} reads of it alone.
 */
@SpringBootTest
class FleetReadsIntegrationTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	FleetService fleet;

	@BeforeEach
	void threeClustersTwoWithContactsAndVariables() {
		DatabaseCleaner.clean(this.jdbc);
		this.fleet.addCluster("b-two", ClusterSettings.fromText(null, null, null, "weekly", "2", "1",
				List.of("sec@example.com", "alice@example.com"), "ops", null, null, null, null,
				Map.of("ansible_become", "true", "os_patch_reboot", "never"), null, null));
		this.fleet.addCluster("a-one", ClusterSettings.fromText(null, null, null, null, null, null,
				List.of("bob@example.com"), null, null, null, null, null, Map.of("ansible_python_interpreter", "/usr/bin/python3"), null, null));
		this.fleet.addCluster("c-none", ClusterSettings.none());
	}

	@Test
	void everyClusterIsReadWholeByName() {
		List<Cluster> all = this.fleet.clusters();

		assertThat(all).extracting(Cluster::name).containsExactly("a-one", "b-two", "c-none");
		assertThat(all).containsExactly(this.fleet.cluster("a-one"), this.fleet.cluster("b-two"),
				this.fleet.cluster("c-none"));
		assertThat(all.get(1).contacts()).containsExactly("alice@example.com", "sec@example.com");
		assertThat(all.get(1).inventoryVars()).isEqualTo(Map.of("ansible_become", "true", "os_patch_reboot", "never"));
		assertThat(all.get(2).contacts()).isEmpty();
		assertThat(all.get(2).inventoryVars()).isEmpty();
	}

	@Test
	void clustersByNameLeaveOutUnknownAndMisspeltNamesAcrossManyQueries() {
		List<String> names = new ArrayList<>();
		names.add("c-none");
		names.add("no such cluster!");
		for (int i = 0; i < 1200; i++) {
			names.add("unknown-" + i);
		}
		names.add("b-two"); // beyond the first queries' names
		names.add("b-two");

		List<Cluster> found = this.fleet.clusters(names);

		assertThat(found).containsExactlyInAnyOrder(this.fleet.cluster("b-two"), this.fleet.cluster("c-none"));
		assertThat(this.fleet.clusters(List.of())).isEmpty();
	}

}
