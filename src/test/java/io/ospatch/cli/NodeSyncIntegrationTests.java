package io.ospatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.ospatch.support.DatabaseCleaner;
import io.ospatch.support.KubeApiStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ospatch sync} against fabric8's Kubernetes mock server, reached through a kubeconfig file
 * as an operator registers it: nodes are added in state new with what the API says of them,
 * nodes that leave are marked gone and kept, a second sync changes nothing, and a cluster whose
 * API does not answer is left as it was. The kubeconfig's token is never printed or logged.
 */
@SpringBootTest
@ExtendWith(OutputCaptureExtension.class)
class NodeSyncIntegrationTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@TempDir
	Path dir;

	KubeApiStub api;

	@BeforeEach
	void aClusterWithThreeNodesInItsApi() throws Exception {
		DatabaseCleaner.clean(this.jdbc);
		this.api = new KubeApiStub(this.dir);
		this.api.node("cp-1", "10.0.0.10", true, "Ubuntu 22.04.4 LTS", "5.15.0-105-generic");
		this.api.worker("w-1", "10.0.0.21");
		this.api.worker("w-2", "10.0.0.22");
		CliRunner.Result add = run("cluster", "add", "prod-eu-1", "--kubeconfig", this.api.kubeconfig().toString(),
				"--kube-context", "lab-admin");
		assertThat(add.exitCode()).as(add.err()).isZero();
	}

	@AfterEach
	void stopTheApi() {
		this.api.close();
	}

	@Test
	void newNodesAreAddedInStateNewWithTheirAddressRoleImageAndKernel() {
		CliRunner.Result sync = run("sync", "--cluster", "prod-eu-1");

		assertThat(sync.exitCode()).as(sync.err()).isZero();
		assertThat(sync.out()).contains("prod-eu-1: synced: 3 added (cp-1, w-1, w-2);");
		assertThat(nodes()).containsExactly(
				Map.of("name", "cp-1", "address", "10.0.0.10", "role", "control-plane", "state", "new", "os_image",
						"Ubuntu 22.04.4 LTS", "kernel", "5.15.0-105-generic", "ssh_port", 22),
				Map.of("name", "w-1", "address", "10.0.0.21", "role", "worker", "state", "new", "os_image",
						"Debian GNU/Linux 12 (bookworm)", "kernel", "6.1.0-40-amd64", "ssh_port", 22),
				Map.of("name", "w-2", "address", "10.0.0.22", "role", "worker", "state", "new", "os_image",
						"Debian GNU/Linux 12 (bookworm)", "kernel", "6.1.0-40-amd64", "ssh_port", 22));
	}

	@Test
	void aSecondSyncChangesNothing() {
		run("sync", "--cluster", "prod-eu-1");
		List<Map<String, Object>> before = rowsWithTimes();

		CliRunner.Result again = run("sync", "--all");

		assertThat(again.exitCode()).as(again.err()).isZero();
		assertThat(again.out()).contains("prod-eu-1: in sync, 3 node(s), nothing changed");
		assertThat(rowsWithTimes()).isEqualTo(before);
	}

	@Test
	void aNodeGoneFromTheApiIsMarkedGoneKeptAndNoLongerCounted() {
		run("sync", "--cluster", "prod-eu-1");
		this.api.removeNode("w-2");

		CliRunner.Result sync = run("sync", "--cluster", "prod-eu-1");

		assertThat(sync.exitCode()).as(sync.err()).isZero();
		assertThat(sync.out()).contains("1 gone (w-2);");
		assertThat(state("w-2")).isEqualTo("gone");
		assertThat(run("cluster", "show", "prod-eu-1").out()).contains("nodes:           2 (and 1 gone, kept with their history)");
		assertThat(run("node", "list", "prod-eu-1").out()).containsPattern("w-2 .* gone ");
		assertThat(run("cluster", "list").out()).containsPattern("prod-eu-1 +provisioned +2 ");
	}

	@Test
	void aGoneNodeListedAgainIsNewAgain() {
		run("sync", "--cluster", "prod-eu-1");
		this.api.removeNode("w-1");
		run("sync", "--cluster", "prod-eu-1");
		this.jdbc.sql("UPDATE nodes SET state = 'ready' WHERE name <> 'w-1'").update();
		this.api.worker("w-1", "10.0.0.31");

		CliRunner.Result sync = run("sync", "--cluster", "prod-eu-1");

		assertThat(sync.out()).contains("1 back (w-1);");
		assertThat(state("w-1")).isEqualTo("new");
		assertThat(this.jdbc.sql("SELECT address FROM nodes WHERE name = 'w-1'").query(String.class).single())
			.isEqualTo("10.0.0.31");
		assertThat(state("w-2")).as("what it knew of the others stays").isEqualTo("ready");
	}

	@Test
	void aChangedAddressOrKernelIsRecordedAndTheNodeKeepsItsState() {
		run("sync", "--cluster", "prod-eu-1");
		this.jdbc.sql("UPDATE nodes SET state = 'ready'").update();
		this.api.node("w-1", "10.0.0.41", false, "Debian GNU/Linux 12 (bookworm)", "6.1.0-41-amd64");

		CliRunner.Result sync = run("sync", "--cluster", "prod-eu-1");

		assertThat(sync.out()).contains("1 changed (w-1);").contains("2 unchanged");
		assertThat(this.jdbc.sql("SELECT address, kernel, state FROM nodes WHERE name = 'w-1'").query().singleRow())
			.isEqualTo(Map.of("address", "10.0.0.41", "kernel", "6.1.0-41-amd64", "state", "ready"));
	}

	@Test
	void aClusterWhoseApiDoesNotAnswerIsLeftAsItWas() throws Exception {
		run("sync", "--cluster", "prod-eu-1");
		run("cluster", "add", "dark", "--kubeconfig", KubeApiStub.unreachableKubeconfig(this.dir).toString());
		run("node", "add", "dark", "w-9", "--address", "10.9.0.9", "--role", "worker");
		this.api.worker("w-3", "10.0.0.23");
		List<Map<String, Object>> before = rowsWithTimes();

		CliRunner.Result sync = run("sync", "--cluster", "dark");

		assertThat(sync.exitCode()).isEqualTo(1);
		assertThat(sync.err().lines()).singleElement()
			.asString()
			.startsWith("ospatch: dark: not synced, nothing changed: cannot list the nodes of http://127.0.0.1:1/");
		assertThat(rowsWithTimes()).isEqualTo(before);

		CliRunner.Result all = run("sync", "--all");

		assertThat(all.exitCode()).as("one cluster failed").isEqualTo(1);
		assertThat(all.out()).as("the others are synced").contains("prod-eu-1: synced: 1 added (w-3);");
		assertThat(state("w-9")).isEqualTo("new");
	}

	@Test
	void anApiThatListsNoNodesAtAllMarksNothingGone() {
		run("sync", "--cluster", "prod-eu-1");
		List.of("cp-1", "w-1", "w-2").forEach(this.api::removeNode);
		List<Map<String, Object>> before = rowsWithTimes();

		CliRunner.Result sync = run("sync", "--cluster", "prod-eu-1");

		assertThat(sync.exitCode()).isEqualTo(1);
		assertThat(sync.err()).contains("lists no nodes at all; nothing changed");
		assertThat(rowsWithTimes()).isEqualTo(before);
	}

	@Test
	void theKubeconfigsCredentialsAreNeverPrintedOrLogged(CapturedOutput console) throws Exception {
		CliRunner.Result sync = run("sync", "--cluster", "prod-eu-1");
		CliRunner.Result show = run("cluster", "show", "prod-eu-1");
		run("cluster", "add", "dark", "--kubeconfig", KubeApiStub.unreachableKubeconfig(this.dir).toString());
		CliRunner.Result failed = run("--debug", "sync", "--cluster", "dark");

		assertThat(show.out()).contains("kubernetes-api:  " + this.api.kubeconfig() + ", context lab-admin");
		for (String text : List.of(sync.out(), sync.err(), show.out(), show.err(), failed.out(), failed.err(),
				console.getAll())) {
			assertThat(text).doesNotContain(KubeApiStub.TOKEN);
		}
	}

	@Test
	void aClusterWithoutAnApiOrAnUnknownOneIsRefusedAndNothingIsSynced() {
		run("cluster", "add", "manual");

		CliRunner.Result noApi = run("sync", "--cluster", "prod-eu-1", "--cluster", "manual");
		CliRunner.Result unknown = run("sync", "--cluster", "prod-eu-1", "--cluster", "nope");

		assertThat(noApi.exitCode()).isEqualTo(2);
		assertThat(noApi.err()).isEqualTo("ospatch: cluster 'manual' has no Kubernetes API to sync from; give it one with "
				+ "'ospatch cluster set manual --kubeconfig FILE' (or in-cluster)" + System.lineSeparator());
		assertThat(unknown.exitCode()).isEqualTo(2);
		assertThat(nodes()).isEmpty();
	}

	@Test
	void aKubeconfigMustBeAnAbsolutePathToAReadableFile() throws Exception {
		Path relative = Path.of("kubeconfig");
		Path missing = this.dir.resolve("missing");
		Files.createDirectories(this.dir.resolve("a-dir"));

		for (String bad : List.of(relative.toString(), missing.toString(), this.dir.resolve("a-dir").toString())) {
			CliRunner.Result set = run("cluster", "set", "prod-eu-1", "--kubeconfig", bad);
			assertThat(set.exitCode()).as(bad).isEqualTo(2);
			assertThat(set.err().lines()).as(bad).singleElement().asString().startsWith("ospatch: ");
		}
		CliRunner.Result badContext = run("cluster", "set", "prod-eu-1", "--kube-context", "admin prod");
		assertThat(badContext.exitCode()).isEqualTo(2);
		assertThat(badContext.err()).startsWith("ospatch: invalid kube-context 'admin prod'");
		CliRunner.Result contextAlone = run("cluster", "add", "other", "--kube-context", "x");
		CliRunner.Result contextInCluster = run("cluster", "add", "other", "--kubeconfig", "in-cluster", "--kube-context", "x");

		assertThat(contextAlone.exitCode()).isEqualTo(2);
		assertThat(contextInCluster.exitCode()).isEqualTo(2);
		assertThat(run("cluster", "show", "prod-eu-1").out()).contains(this.api.kubeconfig().toString());
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM clusters").query(Long.class).single()).isOne();
	}

	@Test
	void theAccessIsChangedAndClearedLikeEveryOtherSetting() {
		CliRunner.Result inCluster = run("cluster", "set", "prod-eu-1", "--kubeconfig", "in-cluster");
		assertThat(inCluster.exitCode()).as(inCluster.err()).isZero();
		assertThat(run("cluster", "show", "prod-eu-1").out())
			.contains("kubernetes-api:  in-cluster (the service account of the pod ospatch runs in)");

		run("cluster", "set", "prod-eu-1", "--kubeconfig", this.api.kubeconfig().toString());
		run("cluster", "set", "prod-eu-1", "--kube-context", "lab-admin");
		assertThat(run("cluster", "show", "prod-eu-1").out()).contains(this.api.kubeconfig() + ", context lab-admin");
		run("cluster", "set", "prod-eu-1", "--kube-context", "none");
		assertThat(run("cluster", "show", "prod-eu-1").out()).contains(this.api.kubeconfig() + ", its current context");

		run("cluster", "set", "prod-eu-1", "--kubeconfig", "none");
		assertThat(run("cluster", "show", "prod-eu-1").out()).contains("kubernetes-api:  none");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM clusters WHERE kubeconfig_path IS NULL AND kube_context IS NULL "
				+ "AND kube_in_cluster = FALSE").query(Long.class).single()).isOne();
	}

	@Test
	void aContextTheKubeconfigDoesNotHaveFailsTheSyncWithoutChangingAnything() {
		run("cluster", "set", "prod-eu-1", "--kube-context", "staging-admin");

		CliRunner.Result sync = run("sync", "--cluster", "prod-eu-1");

		assertThat(sync.exitCode()).isEqualTo(1);
		assertThat(sync.err()).contains("has no context 'staging-admin'");
		assertThat(nodes()).isEmpty();
	}

	@Test
	void aFleetFileGivesTheAccessAndSyncReadsThroughIt() throws Exception {
		Path fleet = Files.writeString(this.dir.resolve("fleet.yaml"), """
				clusters:
				  - name: from-file
				    kubeconfig: %s
				    kube-context: lab-admin
				""".formatted(this.api.kubeconfig()));

		CliRunner.Result imported = run("import", fleet.toString());
		CliRunner.Result sync = run("sync", "--cluster", "from-file");

		assertThat(imported.exitCode()).as(imported.err()).isZero();
		assertThat(run("cluster", "show", "from-file").out())
			.contains("kubernetes-api:  " + this.api.kubeconfig() + ", context lab-admin");
		assertThat(sync.exitCode()).as(sync.err()).isZero();
		assertThat(sync.out()).contains("from-file: synced: 3 added (cp-1, w-1, w-2);");
		assertThat(run("import", fleet.toString()).out()).as("importing again changes nothing")
			.contains("0 cluster(s) added, 0 updated, 1 unchanged; 0 node(s) added, 0 updated");
	}

	private List<Map<String, Object>> nodes() {
		return this.jdbc.sql("SELECT name, address, role, state, os_image, kernel, ssh_port FROM nodes ORDER BY name")
			.query()
			.listOfRows();
	}

	private List<Map<String, Object>> rowsWithTimes() {
		return this.jdbc.sql("SELECT * FROM nodes ORDER BY cluster_id, name").query().listOfRows();
	}

	private String state(String node) {
		return this.jdbc.sql("SELECT state FROM nodes WHERE name = ?").param(node).query(String.class).single();
	}

	private CliRunner.Result run(String... args) {
		return CliRunner.run(this.context, args);
	}

}
