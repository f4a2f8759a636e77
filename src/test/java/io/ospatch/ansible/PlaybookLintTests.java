package io.ospatch.ansible;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.ospatch.support.Command;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Ansible and shell code passes its linters, run for real: ansible-lint (production profile)
 * and yamllint on the playbooks, the role's filter unit tests, shellcheck on the lab scripts.
 */
class PlaybookLintTests {

	private static final Path PLAYBOOKS = Path.of("playbooks").toAbsolutePath();

	private static final Path LAB = Path.of("lab").toAbsolutePath();

	@Test
	void ansibleLintPasses() {
		assertPasses(PLAYBOOKS, "ansible-lint");
	}

	@Test
	void yamllintPasses() {
		assertPasses(PLAYBOOKS, "yamllint", "--strict", ".");
	}

	@Test
	void theRolesOutputParsersPassTheirUnitTests() {
		assertPasses(PLAYBOOKS, "python3", "-m", "unittest", "discover", "-s", "tests");
	}

	@Test
	void shellcheckPassesOnTheLab() {
		assertPasses(LAB, "shellcheck", "-x", "fleet", "selftest", "prereqs", "demo", "lib/common.sh", "lib/image.sh",
				"lib/inventory.sh", "lib/nodes.sh", "lib/node-boot", "lib/node-supervisor", "node/lab-reboot",
				"node/lab-python3", "node/reboot");
	}

	private static void assertPasses(Path dir, String... command) {
		Command.Result result = Command.run(dir, Map.of(), Duration.ofMinutes(10), List.of(command));
		assertThat(result.exitCode()).as(String.join(" ", command) + " in " + dir + ":\n" + result.stdout()).isZero();
	}

}
