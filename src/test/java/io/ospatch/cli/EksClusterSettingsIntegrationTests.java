package io.ospatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.ospatch.support.DatabaseCleaner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An EKS cluster's settings from the command line and fleet files: its EKS cluster name, region,
 * node groups and force flag, given, shown, changed and cleared; refused with one line and exit 2
 * when missing, bad or given to another kind.
 */
@SpringBootTest
class EksClusterSettingsIntegrationTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@BeforeEach
	void clean() {
		DatabaseCleaner.clean(this.jdbc);
	}

	@Test
	void anEksClusterIsStoredShownAndChanged() {
		CliRunner.Result add = run("cluster", "add", "shop", "--kind", "eks", "--eks-cluster", "Shop_prod-1", "--region",
				"eu-west-1", "--nodegroups", "general, batch");

		assertThat(add.exitCode()).as(add.err()).isZero();
		assertThat(stored("eks_cluster_name")).isEqualTo("Shop_prod-1");
		assertThat(stored("eks_region")).isEqualTo("eu-west-1");
		assertThat(stored("eks_nodegroups")).isEqualTo("general,batch");
		assertThat(run("cluster", "show", "shop").out()).contains("eks-cluster:     Shop_prod-1 in eu-west-1")
			.contains("nodegroups:      general, batch")
			.contains("eks-force:       false");

		assertThat(run("cluster", "set", "shop", "--nodegroups", "all", "--eks-force", "true").exitCode()).isZero();

		assertThat(stored("eks_nodegroups")).isNull();
		assertThat(stored("eks_cluster_name")).isEqualTo("Shop_prod-1");
		assertThat(this.jdbc.sql("SELECT eks_force FROM clusters").query(Boolean.class).single()).isTrue();
		assertThat(run("cluster", "show", "shop").out()).contains("nodegroups:      all (every managed node group)")
			.contains("eks-force:       true (updates may evict pods past their PodDisruptionBudgets)");
	}

	@Test
	void anEksClusterCanBecomeAnotherKindOnceItsEksSettingsAreCleared() {
		run("cluster", "add", "shop", "--kind", "eks", "--eks-cluster", "shop", "--region", "eu-west-1");

		CliRunner.Result kept = run("cluster", "set", "shop", "--kind", "imported");
		assertThat(kept.exitCode()).isEqualTo(2);
		assertThat(kept.err().strip()).startsWith("ospatch: ").contains("settings of kind eks").doesNotContain("\n");

		assertThat(run("cluster", "set", "shop", "--kind", "imported", "--eks-cluster", "none").exitCode()).isZero();
		assertThat(stored("eks_cluster_name")).isNull();
		assertThat(stored("kind")).isEqualTo("imported");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "--eks-cluster shop|region", "--region eu-west-1|name and region",
			"--nodegroups a|name and region" })
	void kindEksWithoutItsClusterNameOrRegionIsRefused(String given, String said) {
		String[] option = given.split(" ");

		CliRunner.Result refused = run("cluster", "add", "shop", "--kind", "eks", option[0], option[1]);

		assertThat(refused.exitCode()).isEqualTo(2);
		assertThat(refused.err().lines()).singleElement()
			.asString()
			.startsWith("ospatch: cluster 'shop': kind eks needs the EKS cluster's name and region");
		assertThat(count()).isZero();
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource(delimiter = '|', value = { "--eks-cluster|-shop", "--eks-cluster|shop.prod",
			"--eks-cluster|a12345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901",
			"--region|EU-WEST-1", "--region|eu west 1", "--region|westeurope", "--nodegroups|a,,b",
			"--nodegroups|_ng", "--nodegroups|ng.1",
			"--nodegroups|a123456789012345678901234567890123456789012345678901234567890123" })
	void aBadEksSettingIsOneLineAndChangesNothing(String option, String value) {
		CliRunner.Result refused = switch (option) {
			case "--eks-cluster" -> run("cluster", "add", "shop", "--kind", "eks", "--region", "eu-west-1", option, value);
			case "--region" -> run("cluster", "add", "shop", "--kind", "eks", "--eks-cluster", "shop", option, value);
			default -> run("cluster", "add", "shop", "--kind", "eks", "--eks-cluster", "shop", "--region", "eu-west-1",
					option, value);
		};

		assertThat(refused.exitCode()).isEqualTo(2);
		assertThat(refused.err().strip()).startsWith("ospatch: invalid ").doesNotContain("\n").doesNotContain("Exception");
		assertThat(count()).isZero();
	}

	@Test
	void eksSettingsOnAnotherKindAreRefused() {
		CliRunner.Result refused = run("cluster", "add", "c1", "--eks-cluster", "shop", "--region", "eu-west-1");

		assertThat(refused.exitCode()).isEqualTo(2);
		assertThat(refused.err().lines()).singleElement().asString().contains("settings of kind eks, not of provisioned");
		assertThat(count()).isZero();
	}

	@Test
	void aFleetFileGivesAnEksClusterItsSettings(@TempDir Path dir) throws Exception {
		Path fleet = Files.writeString(dir.resolve("fleet.yaml"), """
				clusters:
				  - name: shop
				    kind: eks
				    eks-cluster: shop-prod
				    region: us-east-2
				    nodegroups: [general, batch]
				    eks-force: true
				""");

		CliRunner.Result imported = run("import", fleet.toString());

		assertThat(imported.exitCode()).as(imported.err()).isZero();
		assertThat(stored("eks_cluster_name")).isEqualTo("shop-prod");
		assertThat(stored("eks_region")).isEqualTo("us-east-2");
		assertThat(stored("eks_nodegroups")).isEqualTo("general,batch");
		assertThat(this.jdbc.sql("SELECT eks_force FROM clusters").query(Boolean.class).single()).isTrue();
	}

	@Test
	void aFleetFileEksClusterWithoutARegionIsRefusedWhole(@TempDir Path dir) throws Exception {
		Path fleet = Files.writeString(dir.resolve("fleet.yaml"), """
				clusters:
				  - name: fine
				  - name: shop
				    kind: eks
				    eks-cluster: shop-prod
				""");

		CliRunner.Result imported = run("import", fleet.toString());

		assertThat(imported.exitCode()).isEqualTo(2);
		assertThat(imported.err()).contains("shop").contains("kind eks needs the EKS cluster's name and region");
		assertThat(count()).isZero();
	}

	@Test
	void anEksClusterKeepsNoNodesOfItsOwn(@TempDir Path dir) throws Exception {
		run("cluster", "add", "shop", "--kind", "eks", "--eks-cluster", "shop-prod", "--region", "eu-west-1",
				"--kubeconfig", Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n").toString());
		run("cluster", "add", "onprem");
		run("node", "add", "onprem", "n-1", "--address", "10.0.0.1", "--role", "worker");
		Path fleet = Files.writeString(dir.resolve("fleet.yaml"), """
				clusters:
				  - name: shop
				    kind: eks
				    eks-cluster: shop-prod
				    region: eu-west-1
				    nodes:
				      - {name: n-2, address: 10.0.0.2, role: worker}
				""");
		List<Long> before = DatabaseCleaner.rowCounts(this.jdbc);

		CliRunner.Result added = run("node", "add", "shop", "n-1", "--address", "10.0.0.1", "--role", "worker");
		CliRunner.Result imported = run("import", fleet.toString());
		CliRunner.Result synced = run("sync", "--cluster", "shop");
		CliRunner.Result becameEks = run("cluster", "set", "onprem", "--kind", "eks", "--eks-cluster", "onprem",
				"--region", "eu-west-1");

		for (CliRunner.Result refused : List.of(added, imported, synced, becameEks)) {
			assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(2);
			assertThat(refused.err().lines()).singleElement()
				.asString()
				.contains("is of kind eks: its nodes belong to its node groups, which AWS replaces")
				.doesNotContain("\tat ");
		}
		assertThat(DatabaseCleaner.rowCounts(this.jdbc)).isEqualTo(before);
		CliRunner.Result syncAll = run("sync", "--all");
		assertThat(syncAll.exitCode()).as(syncAll.err()).isZero();
		assertThat(syncAll.out()).doesNotContain("shop");
	}

	private long count() {
		return this.jdbc.sql("SELECT COUNT(*) FROM clusters").query(Long.class).single();
	}

	private String stored(String column) {
		return this.jdbc.sql("SELECT " + column + " FROM clusters").query(String.class).list().get(0);
	}

	private CliRunner.Result run(String... args) {
		return CliRunner.run(this.context, args);
	}

}
