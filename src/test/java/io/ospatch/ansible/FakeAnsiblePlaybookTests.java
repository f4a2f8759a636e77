package io.ospatch.ansible;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.ospatch.support.Command;
import io.ospatch.support.FakeAnsible;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fake ansible-playbook that real-process tests put in place of Ansible answers in the shape
 * ospatch reads: run through {@link CommonsExecPlaybookRunner} and read by
 * {@link PlaybookResultParser}.
 */
class FakeAnsiblePlaybookTests {

	private static final Path PLAYBOOKS = Path.of("playbooks").toAbsolutePath();

	private static final Duration TIMEOUT = Duration.ofMinutes(1);

	@TempDir
	Path temp;

	@Test
	void osPatchReportsEveryHostPatched() {
		PlaybookRun run = runner().run(request(Playbook.OS_PATCH, "node-1", "node-2"));

		assertThat(run.exitCode()).isZero();
		assertThat(run.hosts()).containsOnlyKeys("node-1", "node-2");
		for (HostOutcome outcome : run.hosts().values()) {
			assertThat(outcome.status()).isEqualTo(HostStatus.OK);
			assertThat(outcome.error()).isNull();
			OsPatchFacts facts = outcome.facts();
			assertThat(facts.status()).isEqualTo(PatchStatus.PATCHED);
			assertThat(facts.before().version()).isEqualTo("12.10");
			assertThat(facts.after().version()).isEqualTo("12.12");
			assertThat(facts.targetVersion()).isEqualTo("12.12");
			assertThat(facts.packages()).extracting(PackageChange::name).containsExactly("base-files");
			assertThat(facts.held()).containsExactly("kubelet");
		}
	}

	@Test
	void osFactsReportsUpdatesAvailable() {
		PlaybookRun run = runner().run(request(Playbook.OS_FACTS, "node-1"));

		assertThat(run.exitCode()).isZero();
		OsPatchFacts facts = run.hosts().get("node-1").facts();
		assertThat(facts.status()).isEqualTo(PatchStatus.UPDATES_AVAILABLE);
		assertThat(facts.before().version()).isEqualTo("12.10");
		assertThat(facts.after()).isNull();
		assertThat(facts.packages()).extracting(PackageChange::name).containsExactly("base-files");
	}

	@Test
	void unreachableHostsExitFourAndEveryRunIsLogged() throws Exception {
		Path inventory = Files.writeString(this.temp.resolve("inventory.yml"),
				"{\"all\":{\"hosts\":{\"node-1\":{\"ansible_host\":\"10.0.0.1\"},\"node-2\":{}},\"vars\":{}}}");
		Path log = this.temp.resolve("fake-ansible.log");

		Command.Result result = Command.run(this.temp,
				Map.of(FakeAnsible.UNREACHABLE, "node-2", FakeAnsible.LOG, log.toString()), TIMEOUT,
				List.of(fake().toString(), "-i", inventory.toString(), PLAYBOOKS.resolve("os-patch.yml").toString()));

		assertThat(result.exitCode()).isEqualTo(4);
		Map<String, HostOutcome> hosts = new PlaybookResultParser(JsonMapper.builder().build()).parse(result.stdout(),
				List.of("node-1", "node-2"));
		assertThat(hosts.get("node-1").facts().status()).isEqualTo(PatchStatus.PATCHED);
		assertThat(hosts.get("node-2").status()).isEqualTo(HostStatus.UNREACHABLE);
		assertThat(hosts.get("node-2").error()).contains("unreachable");
		assertThat(Files.readAllLines(log)).singleElement().asString().matches("\\d+ os-patch\\.yml node-1,node-2");
	}

	private CommonsExecPlaybookRunner runner() {
		return new CommonsExecPlaybookRunner(
				new AnsibleProperties(PLAYBOOKS, fake().toString(), TIMEOUT, this.temp.resolve("work")));
	}

	private Path fake() {
		return FakeAnsible.install(this.temp.resolve("bin"));
	}

	private static PlaybookRequest request(Playbook playbook, String... hosts) {
		return new PlaybookRequest(playbook,
				List.of(hosts).stream().map((host) -> new InventoryHost(host, "10.0.0.1", 22, "root", null)).toList(),
				Map.of(), Map.of(), false, null);
	}

}
