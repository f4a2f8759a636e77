package io.ospatch.ansible;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.ospatch.support.Command;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Ansible and shell code passes its linters, run for real: ansible-lint (production profile)
 * and yamllint on the playbooks, the role's module and filter unit tests, shellcheck on the lab scripts.
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
	void theRolesModuleAndFiltersPassTheirUnitTests() throws IOException {
		assertPasses(PLAYBOOKS, ansiblePython(), "-m", "unittest", "discover", "-s", "tests");
	}

	@Test
	void shellcheckPassesOnTheLab() {
		assertPasses(LAB, "shellcheck", "-x", "fleet", "selftest", "prereqs", "demo", "lib/common.sh", "lib/image.sh",
				"lib/inventory.sh", "lib/nodes.sh", "lib/node-boot", "lib/node-supervisor", "node/lab-reboot",
				"node/lab-python3", "node/reboot");
	}

	/**
	 * The Python that runs Ansible, from the first line of {@code ansible-playbook}: the module's tests
	 * import {@code ansible.module_utils}, which another {@code python3} on the PATH (pyenv) may lack.
	 */
	private static String ansiblePython() throws IOException {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			Path playbook = Path.of(dir, "ansible-playbook");
			if (Files.isRegularFile(playbook)) {
				String firstLine = Files.readAllLines(playbook).get(0);
				assertThat(firstLine).as("shebang of " + playbook).startsWith("#!");
				String[] words = firstLine.substring(2).trim().split("\\s+");
				return words[0].endsWith("/env") ? words[1] : words[0];
			}
		}
		throw new IllegalStateException("ansible-playbook is not on the PATH");
	}

	private static void assertPasses(Path dir, String... command) {
		Command.Result result = Command.run(dir, Map.of(), Duration.ofMinutes(10), List.of(command));
		assertThat(result.exitCode()).as(String.join(" ", command) + " in " + dir + ":\n" + result.stdout()).isZero();
	}

}
