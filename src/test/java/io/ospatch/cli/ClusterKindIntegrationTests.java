package io.ospatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.ospatch.cluster.ClusterKind;
import io.ospatch.support.DatabaseCleaner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Imported, AKS and (until node-group updates come) EKS clusters: ospatch does not patch their OS.
 * Asking it to — patch on boot set, {@code boot}, {@code patch}, {@code plan} — is refused with exit
 * 2 and the reason, and changes nothing; {@code boot} of every cluster passes them by and says why.
 */
@SpringBootTest
class ClusterKindIntegrationTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@BeforeEach
	void cleanDatabase() {
		DatabaseCleaner.clean(this.jdbc);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "imported", "aks", "eks" })
	void patchOnBootIsRefusedOnAKindOspatchDoesNotPatch(String kind) {
		String[] eks = kind.equals("eks") ? new String[] { "--eks-cluster", "shop", "--region", "eu-west-1" } : new String[0];
		CliRunner.Result add = run(concat(new String[] { "cluster", "add", "c1", "--kind", kind, "--patch-on-boot", "true" }, eks));

		assertThat(add.exitCode()).isEqualTo(2);
		assertThat(add.err().lines()).singleElement()
			.asString()
			.startsWith("ospatch: cluster 'c1': patch-on-boot cannot be set on its kind (" + kind + "): ");
		assertThat(count("clusters")).isZero();

		assertThat(run(concat(new String[] { "cluster", "add", "c1", "--kind", kind }, eks)).exitCode()).isZero();
		CliRunner.Result set = run("cluster", "set", "c1", "--patch-on-boot", "true");
		assertThat(set.exitCode()).isEqualTo(2);
		assertThat(set.err()).contains("patch-on-boot cannot be set on its kind (" + kind + ")");
		assertThat(this.jdbc.sql("SELECT patch_on_boot FROM clusters").query(Boolean.class).single()).isFalse();
	}

	@Test
	void aFleetFileIsRefusedWholeForPatchOnBootOnAnAksCluster(@TempDir Path dir) throws Exception {
		Path fleet = Files.writeString(dir.resolve("fleet.yaml"), """
				clusters:
				  - name: fine
				  - name: managed
				    kind: aks
				    patch-on-boot: true
				""");

		CliRunner.Result imported = run("import", fleet.toString());

		assertThat(imported.exitCode()).isEqualTo(2);
		assertThat(imported.err()).contains("managed").contains("patch-on-boot cannot be set on its kind (aks)");
		assertThat(count("clusters")).isZero();
	}

	@Test
	void aPatchOnBootClusterCannotBecomeAKindOspatchDoesNotPatch() {
		run("cluster", "add", "c1", "--patch-on-boot", "true");

		CliRunner.Result set = run("cluster", "set", "c1", "--kind", "aks");

		assertThat(set.exitCode()).isEqualTo(2);
		assertThat(set.err()).contains("AKS is a managed Kubernetes service; its node images are patched by Azure");
		assertThat(this.jdbc.sql("SELECT kind FROM clusters").query(String.class).single()).isEqualTo("provisioned");
		assertThat(run("cluster", "set", "c1", "--kind", "aks", "--patch-on-boot", "false").exitCode()).isZero();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "imported", "aks" })
	void bootPatchAndPlanRefuseItWithTheReason(String kind) {
		run("cluster", "add", "c1", "--kind", kind);
		run("node", "add", "c1", "n-1", "--address", "10.0.0.1", "--role", "worker");
		// stored before the rule, or by hand
		this.jdbc.sql("UPDATE clusters SET patch_on_boot = TRUE").update();
		List<Long> before = DatabaseCleaner.rowCounts(this.jdbc);

		for (String[] command : List.of(new String[] { "boot", "--cluster", "c1" },
				new String[] { "patch", "--cluster", "c1" }, new String[] { "plan", "--cluster", "c1" })) {
			CliRunner.Result refused = run(command);
			assertThat(refused.exitCode()).as(command[0]).isEqualTo(2);
			assertThat(refused.err().lines()).as(command[0])
				.singleElement()
				.asString()
				.startsWith("ospatch: cluster 'c1' cannot be patched: ");
		}
		assertThat(DatabaseCleaner.rowCounts(this.jdbc)).isEqualTo(before);
	}

	@Test
	void anEksClusterIsNotBootedItsNodeGroupsAreUpdatedInstead() {
		run("cluster", "add", "shop", "--kind", "eks", "--eks-cluster", "shop", "--region", "eu-west-1");
		this.jdbc.sql("UPDATE clusters SET patch_on_boot = TRUE").update();
		List<Long> before = DatabaseCleaner.rowCounts(this.jdbc);

		CliRunner.Result refused = run("boot", "--cluster", "shop");
		CliRunner.Result every = run("boot");

		assertThat(refused.exitCode()).isEqualTo(2);
		assertThat(refused.err().lines()).singleElement()
			.asString()
			.isEqualTo("ospatch: cluster 'shop' cannot be patched on boot: " + ClusterKind.EKS.bootRefusal().orElseThrow());
		assertThat(every.exitCode()).as(every.err()).isZero();
		assertThat(every.out()).contains("shop: not booted: a new node of an EKS managed node group starts on its node group's release");
		assertThat(DatabaseCleaner.rowCounts(this.jdbc)).isEqualTo(before);
	}

	@Test
	void bootOfEveryClusterPassesByAKindItDoesNotPatchAndSaysWhy() {
		run("cluster", "add", "c1", "--kind", "imported");
		this.jdbc.sql("UPDATE clusters SET patch_on_boot = TRUE").update();

		CliRunner.Result boot = run("boot");

		assertThat(boot.exitCode()).as(boot.err()).isZero();
		assertThat(boot.out()).contains("c1: not booted: imported clusters are managed by their own tooling")
			.contains("nothing to boot");
		assertThat(count("patch_runs")).isZero();
	}

	private static String[] concat(String[] first, String[] second) {
		return java.util.stream.Stream.concat(java.util.Arrays.stream(first), java.util.Arrays.stream(second))
			.toArray(String[]::new);
	}

	private long count(String table) {
		return this.jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
	}

	private CliRunner.Result run(String... args) {
		return CliRunner.run(this.context, args);
	}

}
