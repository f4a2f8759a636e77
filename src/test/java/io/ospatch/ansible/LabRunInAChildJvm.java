package io.ospatch.ansible;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs os-facts.yml on one lab node in a JVM of its own, then waits to be killed, its SSH master
 * still open: {@code LabRunInAChildJvm PLAYBOOKS_DIR WORK_DIR PORT KEY KNOWN_HOSTS}. Prints the
 * control directory once the run has ended.
 */
final class LabRunInAChildJvm {

	private LabRunInAChildJvm() {
	}

	public static void main(String[] args) throws Exception {
		AnsibleProperties properties = new AnsibleProperties(Path.of(args[0]), "ansible-playbook",
				Duration.ofMinutes(5), Path.of(args[1]));
		SshControlMasters masters = new SshControlMasters(properties);
		PlaybookRun run = new CommonsExecPlaybookRunner(properties, masters)
			.run(new PlaybookRequest(Playbook.OS_FACTS, List.of(labHost(args)), Map.of(), Map.of(), false, null));
		System.out.println("exit code " + run.exitCode() + " " + run.hosts());
		System.out.println(masters.environment().get(SshControlMasters.CONTROL_PATH_DIR_VARIABLE));
		System.out.flush();
		Thread.sleep(Duration.ofMinutes(5).toMillis());
	}

	private static InventoryHost labHost(String[] args) {
		return new InventoryHost("lab-node", "127.0.0.1", Integer.parseInt(args[2]), "root", Path.of(args[3]),
				new SshOptions(Path.of(args[4]), null), Map.of("ansible_python_interpreter", "/usr/local/bin/lab-python3"));
	}

}
