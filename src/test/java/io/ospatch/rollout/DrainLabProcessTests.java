package io.ospatch.rollout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Node;
import io.ospatch.support.DatabaseCleaner;
import io.ospatch.support.KubeApiStub;
import io.ospatch.support.LabFleet;
import io.ospatch.support.OspatchProcess;
import io.ospatch.support.OutOfService;
import io.ospatch.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Draining on the lab fleet: the real jar, ansible-playbook, SSH and apt, with a mock Kubernetes API
 * (fabric8's, in this JVM) that knows the lab's nodes and has pods on them. A full rollout, and a
 * rollout killed with SIGKILL while a drained chunk is being patched, then run again: no node is left
 * cordoned, every node is patched, the pods that a drain evicts are gone and the DaemonSet's stay, and
 * the node events of the run (both pieces of it) never show more than max-unavailable (1) node out of
 * service at once, nor the control plane with any other node.
 */
class DrainLabProcessTests {

	private static final Duration TIMEOUT = Duration.ofMinutes(10);

	private static final List<String> NODES = List.of("lab-a-1", "lab-a-2", "lab-a-3");

	@TempDir
	Path dir;

	private LabFleet lab;

	private JdbcClient jdbc;

	private Path workDir;

	private KubeApiStub api;

	private final List<OspatchProcess> processes = new ArrayList<>();

	@BeforeEach
	void labFleetRegisteredWithItsKubernetesApi() throws IOException {
		this.lab = LabFleet.get();
		this.lab.reset();
		this.jdbc = TestDatabase.jdbc();
		this.workDir = Files.createDirectories(this.dir.resolve("ansible-work"));
		DatabaseCleaner.cleanIfMigrated(this.jdbc);
		this.api = new KubeApiStub(this.dir);
		this.api.node("lab-a-1", "127.0.0.1", true, "Debian GNU/Linux 12 (bookworm)", "6.1.0-40-amd64");
		for (String worker : List.of("lab-a-2", "lab-a-3")) {
			this.api.worker(worker, "127.0.0.1");
			this.api.pod("default", "web-" + worker, worker, false);
			this.api.pod("kube-system", "proxy-" + worker, worker, true);
		}
		OspatchProcess imported = run("import", this.lab.fleetYaml(this.dir).toString());
		assertThat(imported.exitCode()).as(imported.stderr()).isZero();
		OspatchProcess set = run("cluster", "set", "lab-a", "--kubeconfig", this.api.kubeconfig().toString());
		assertThat(set.exitCode()).as(set.stderr()).isZero();
	}

	@AfterEach
	void killWhatIsLeft() {
		this.processes.forEach(OspatchProcess::close);
		this.api.close();
	}

	@Test
	void aRolloutDrainsEveryChunkAndLeavesNoNodeCordoned() {
		this.lab.behind("lab-a-2");
		this.lab.behind("lab-a-3");
		String current = this.lab.debianVersion("lab-a-1");

		OspatchProcess patch = run("patch", "--cluster", "lab-a");

		assertThat(patch.exitCode()).as(patch.stdout() + patch.stderr()).isZero();
		assertThat(this.lab.debianVersion("lab-a-2")).isEqualTo(current);
		assertThat(this.lab.debianVersion("lab-a-3")).isEqualTo(current);
		assertNoNodeCordoned();
		assertEvictedButTheDaemonSets();
		long run = lastRun();
		assertThat(events(run, "cordoned")).containsExactlyInAnyOrderElementsOf(NODES);
		assertThat(events(run, "drained")).containsExactlyInAnyOrderElementsOf(NODES);
		assertThat(events(run, "uncordoned")).containsExactlyInAnyOrderElementsOf(NODES);
		OutOfService.ofRuns(this.jdbc, run).assertNeverMoreThan(1).assertNothingLeftCordoned();
	}

	@Test
	void sigkillWhileADrainedChunkIsPatchedThenTheSameCommandLeavesNoNodeCordoned() throws Exception {
		this.lab.behind("lab-a-2");
		this.lab.behind("lab-a-3");
		// a slow node keeps its chunk running when the kill comes (the module starts 20 s after the chunk)
		this.lab.fault("lab-a-2", "slow", "20");
		String current = this.lab.debianVersion("lab-a-1");
		OspatchProcess patch = start("patch", "--cluster", "lab-a");
		patch.awaitLine("running os-patch on lab-a-2", TIMEOUT);
		Thread.sleep(5000);
		assertThat(cordoned("lab-a-2")).as("lab-a-2 is cordoned while it is patched").isTrue();

		patch.kill();
		patch.waitFor(TIMEOUT);
		this.lab.clear("lab-a-2");
		assertThat(cordoned("lab-a-2")).as("the kill left lab-a-2 cordoned, for the next run to settle").isTrue();
		OspatchProcess again = run("patch", "--cluster", "lab-a");

		assertThat(again.exitCode()).as(again.stdout() + again.stderr()).isZero();
		assertThat(again.stdout()).contains("resumed");
		assertThat(this.lab.debianVersion("lab-a-2")).isEqualTo(current);
		assertThat(this.lab.debianVersion("lab-a-3")).isEqualTo(current);
		assertNoNodeCordoned();
		assertEvictedButTheDaemonSets();
		long run = lastRun();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM patch_runs").query(Long.class).single())
			.as("the second command resumed the killed run").isEqualTo(1);
		OutOfService.ofRuns(this.jdbc, run).assertNeverMoreThan(1).assertNothingLeftCordoned();
	}

	private void assertNoNodeCordoned() {
		for (String name : NODES) {
			Node node = this.api.node(name);
			assertThat(node.getSpec().getUnschedulable()).as(name + " schedulable").isNotEqualTo(Boolean.TRUE);
			Map<String, String> annotations = node.getMetadata().getAnnotations();
			assertThat((annotations != null) ? annotations.keySet() : List.<String>of()).as(name + " annotations")
				.noneMatch((key) -> key.startsWith("ospatch.io/"));
		}
	}

	private void assertEvictedButTheDaemonSets() {
		for (String worker : List.of("lab-a-2", "lab-a-3")) {
			assertThat(this.api.podsOn(worker)).extracting((pod) -> pod.getMetadata().getName())
				.containsExactly("proxy-" + worker);
		}
	}

	private boolean cordoned(String name) {
		return Boolean.TRUE.equals(this.api.node(name).getSpec().getUnschedulable());
	}

	private long lastRun() {
		return this.jdbc.sql("SELECT MAX(id) FROM patch_runs").query(Long.class).single();
	}

	private List<String> events(long run, String event) {
		return this.jdbc.sql("""
				SELECT n.name FROM node_events e JOIN nodes n ON n.id = e.node_id
				WHERE e.run_id = ? AND e.event = ? ORDER BY e.id""").params(run, event).query(String.class).list();
	}

	private OspatchProcess start(String... args) {
		Map<String, String> environment = new HashMap<>(Map.of("OSPATCH_ANSIBLE_PLAYBOOKS_DIR",
				Path.of("playbooks").toAbsolutePath().toString(), "OSPATCH_ANSIBLE_WORK_DIR", this.workDir.toString(),
				"OSPATCH_REPORTS_DIR", this.dir.resolve("reports").toString()));
		environment.putAll(TestDatabase.environment());
		OspatchProcess process = OspatchProcess.start(this.dir, environment, args);
		this.processes.add(process);
		return process;
	}

	private OspatchProcess run(String... args) {
		OspatchProcess process = start(args);
		process.waitFor(TIMEOUT);
		return process;
	}

}
