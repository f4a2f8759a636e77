package io.ospatch.ansible;

import java.util.Arrays;
import java.util.List;

/**
 * Ends the processes a killed ansible-playbook leaves behind.
 * <p>
 * Killing ansible-playbook does not end its workers: forked copies of it that go on with the task
 * at hand (an SSH session to a node whose apt hangs, a local module) and keep its stdout and stderr
 * open, so its output never ends. Orphaned, they are no longer its descendants, but they still
 * carry its arguments, and one of them is the run's private inventory, a path no other process
 * has.
 */
final class LeftoverProcesses {

	private LeftoverProcesses() {
	}

	/** Kills every process with {@code marker} among its arguments, its descendants first. */
	static void end(String marker) {
		List<ProcessHandle> leftovers = ProcessHandle.allProcesses()
			.filter((process) -> process.pid() != ProcessHandle.current().pid())
			.filter((process) -> process.info().arguments().map((arguments) -> Arrays.asList(arguments).contains(marker))
				.orElse(false))
			.toList();
		for (ProcessHandle leftover : leftovers) {
			leftover.descendants().forEach(ProcessHandle::destroyForcibly);
			leftover.destroyForcibly();
		}
	}

}
