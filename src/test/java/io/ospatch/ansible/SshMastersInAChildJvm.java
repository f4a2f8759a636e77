package io.ospatch.ansible;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Keeps SSH control masters in a JVM of its own, for a test to kill:
 * {@code SshMastersInAChildJvm WORK_DIR}. Stands in for a master with a process that names a socket
 * in the control directory and leads a session of its own, as a daemonized ssh master does; prints
 * the control directory once that process runs, then waits to be killed.
 */
final class SshMastersInAChildJvm {

	private SshMastersInAChildJvm() {
	}

	public static void main(String[] args) throws Exception {
		SshControlMasters masters = new SshControlMasters(
				new AnsibleProperties(Path.of("."), "ansible-playbook", Duration.ofMinutes(1), Path.of(args[0])));
		Path controlDir = Path.of(masters.environment().get(SshControlMasters.CONTROL_PATH_DIR_VARIABLE));
		StandInMaster.start(controlDir);
		System.out.println(controlDir);
		System.out.flush();
		Thread.sleep(Duration.ofMinutes(5).toMillis());
	}

}
