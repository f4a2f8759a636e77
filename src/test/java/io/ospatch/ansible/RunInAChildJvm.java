package io.ospatch.ansible;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs the hanging test playbook in a JVM of its own, for a test to kill:
 * {@code RunInAChildJvm PLAYBOOKS_DIR WORK_DIR REMOTE_TMP}.
 */
final class RunInAChildJvm {

	private RunInAChildJvm() {
	}

	public static void main(String[] args) {
		AnsibleProperties properties = new AnsibleProperties(Path.of(args[0]), "ansible-playbook",
				Duration.ofMinutes(5), Path.of(args[1]));
		InventoryHost host = new InventoryHost("node-1", "127.0.0.1", 22, null, null,
				Map.of("ansible_connection", "local", "ansible_remote_tmp", args[2], "test_scenario", "sleep"));
		new CommonsExecPlaybookRunner(properties)
			.run(new PlaybookRequest(Playbook.OS_PATCH, List.of(host), Map.of(), Map.of(), false, null));
	}

}
