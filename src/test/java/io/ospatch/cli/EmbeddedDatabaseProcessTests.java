package io.ospatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ospatch.support.FakeAnsible;
import io.ospatch.support.OspatchProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default database, with no datasource settings at all (only {@code OSPATCH_HOME}, a
 * directory apart from the working directory), serves several ospatch processes at once: while one
 * {@code patch} runs its playbook, {@code cluster list} answers and a second {@code patch} of the
 * same cluster is turned away as busy (75). A damaged database file is refused, not replaced.
 */
class EmbeddedDatabaseProcessTests {

	private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

	/** Long enough for two more JVMs to start and answer while the first patch is in its playbook. */
	private static final int PLAYBOOK_SECONDS = 20;

	@TempDir
	Path dir;

	private Path home;

	private Map<String, String> environment;

	private final List<OspatchProcess> processes = new ArrayList<>();

	@BeforeEach
	void registerCluster() throws Exception {
		this.home = this.dir.resolve("home");
		this.environment = Map.of("OSPATCH_HOME", this.home.toString(), "OSPATCH_ANSIBLE_BINARY", FakeAnsible.install(this.dir.resolve("bin")).toString(),
				"OSPATCH_ANSIBLE_PLAYBOOKS_DIR", Path.of("playbooks").toAbsolutePath().toString(),
				FakeAnsible.SLEEP, String.valueOf(PLAYBOOK_SECONDS), FakeAnsible.LOG,
				this.dir.resolve("fake-ansible.log").toString());
		Path key = Files.writeString(this.dir.resolve("id_ed25519"), "not a real key: the fake never connects\n");
		Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
		assertSucceeds(run("cluster", "add", "emb", "--ssh-user", "root", "--ssh-key", key.toString()));
		assertSucceeds(run("node", "add", "emb", "cp-1", "--address", "10.0.0.10", "--role", "control-plane"));
		assertSucceeds(run("node", "add", "emb", "w-1", "--address", "10.0.0.21", "--role", "worker"));
	}

	@AfterEach
	void killWhatIsLeft() {
		this.processes.forEach(OspatchProcess::close);
	}

	@Test
	void secondProcessesAreServedWhilePatchRuns() throws Exception {
		Path data = this.home.resolve("data");
		assertThat(this.dir.resolve("data")).as("not in the working directory").doesNotExist();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("ospatch.mv.db"))))
			.isEqualTo("rw-------");

		OspatchProcess patch = start("patch", "--cluster", "emb");
		patch.awaitLine("emb: .*running os-patch", COMMAND_TIMEOUT);

		OspatchProcess list = run("cluster", "list");
		assertSucceeds(list);
		assertThat(list.stdout()).contains("emb");
		assertThat(patch.isAlive()).as("the first patch still runs its playbook").isTrue();

		OspatchProcess second = run("patch", "--cluster", "emb");
		assertThat(second.exitCode()).as(second.stderr()).isEqualTo(75);
		assertThat(second.stdout()).contains("emb: busy");
		assertNoStackTrace(second);
		assertThat(patch.isAlive()).as("the first patch still runs its playbook").isTrue();

		assertThat(patch.waitFor(COMMAND_TIMEOUT)).as(patch.stderr()).isZero();
		assertThat(patch.stdout()).contains("cp-1").contains("w-1").contains("12.12");
		assertNoStackTrace(patch);
		assertThat(this.home.resolve("reports/runs")).as("run logs under OSPATCH_HOME").isDirectory();
		assertThat(Files.readAllLines(this.dir.resolve("fake-ansible.log")))
			.as("one playbook run per node, the control plane first")
			.hasSize(2)
			.satisfies((runs) -> assertThat(runs.get(0)).endsWith(" os-patch.yml cp-1"))
			.satisfies((runs) -> assertThat(runs.get(1)).endsWith(" os-patch.yml w-1"));
	}

	@Test
	void aTruncatedDatabaseIsRefusedNamingItAndMovingItAwayStartsAfresh() throws Exception {
		Path file = this.home.resolve("data/ospatch.mv.db");
		byte[] whole = Files.readAllBytes(file);
		// Cut into the store's first chunks: H2 recovers a file cut at a chunk boundary to its last
		// complete chunk (at half the file, after compaction, that lost nothing), which is no damage.
		int cut = 16 * 1024;
		assertThat(whole.length).as("a database with its schema").isGreaterThan(2 * cut);
		Files.write(file, java.util.Arrays.copyOf(whole, cut));

		OspatchProcess list = run("cluster", "list");

		assertThat(list.exitCode()).as(list.stderr()).isEqualTo(1);
		assertThat(list.stderr().strip()).startsWith("ospatch: failed: ")
			.contains("the database file " + file)
			.endsWith("restore it from a backup, or move it away to start afresh")
			.doesNotContain("\n");
		assertThat(list.stdout()).doesNotContain("no clusters");
		assertThat(Files.size(file)).as("left as it was").isEqualTo(cut);

		Files.move(file, this.dir.resolve("ospatch.mv.db.damaged"));
		OspatchProcess afresh = run("cluster", "list");
		assertSucceeds(afresh);
		assertThat(afresh.stdout()).startsWith("no clusters in jdbc:h2:file:" + this.home.resolve("data/ospatch") + ";");
	}

	private OspatchProcess start(String... args) {
		OspatchProcess process = OspatchProcess.start(this.dir, this.environment, args);
		this.processes.add(process);
		return process;
	}

	private OspatchProcess run(String... args) {
		OspatchProcess process = start(args);
		process.waitFor(COMMAND_TIMEOUT);
		return process;
	}

	private static void assertSucceeds(OspatchProcess process) {
		assertThat(process.exitCode()).as(process + "\n" + process.stderr()).isZero();
		assertNoStackTrace(process);
	}

	private static void assertNoStackTrace(OspatchProcess process) {
		assertThat(process.stderr()).as(process.toString()).doesNotContain("at org.").doesNotContain("Exception");
	}

}
