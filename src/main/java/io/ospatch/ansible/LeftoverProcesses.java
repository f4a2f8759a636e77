package io.ospatch.ansible;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the processes of a playbook run that nothing else ended: its supervisor was killed, or its
 * JVM died.
 * <p>
 * A run is recognised by its private work directory: ansible-playbook and its workers (forked
 * copies of it) carry the inventory's path among their arguments, the supervisor its script's.
 * The commands its tasks start (ssh, a hung apt, a {@code sleep}) carry neither, but they stay in
 * ansible-playbook's process group, which the supervisor made the leading group of a session of
 * its own. So a group goes as a whole when it is the run's: its leader names the directory, or,
 * the leader gone, it leads its session. Any other process naming the directory goes alone, with
 * its descendants: the supervisor is in its JVM's group, which holds whatever else that JVM started.
 * This JVM's own group and session are never ended as a whole.
 */
final class LeftoverProcesses {

	private static final Logger logger = LoggerFactory.getLogger(LeftoverProcesses.class);

	/** Killing is asynchronous and a dying parent may still fork: look again until nothing is left. */
	private static final int MAX_ROUNDS = 20;

	private static final Duration BETWEEN_ROUNDS = Duration.ofMillis(100);

	private LeftoverProcesses() {
	}

	/**
	 * Kills (SIGKILL) the processes of the run whose work directory is {@code dir}.
	 * @param dir the run's private work directory, absolute as it was passed to ansible-playbook
	 * @return how many processes were killed; those that could not be (another user's) are logged
	 */
	static int end(Path dir) {
		Optional<ProcessTable.Entry> self = ProcessTable.read(ProcessHandle.current().pid());
		Set<Long> killed = new HashSet<>();
		Set<Long> refused = new HashSet<>();
		for (int round = 0; round < MAX_ROUNDS; round++) {
			List<ProcessTable.Entry> targets = targets(ProcessTable.all(), dir, self);
			targets.removeIf((target) -> refused.contains(target.pid()));
			if (targets.isEmpty()) {
				break;
			}
			for (ProcessTable.Entry target : targets) {
				(kill(target) ? killed : refused).add(target.pid());
			}
			pause();
		}
		refused.removeAll(killed);
		if (!refused.isEmpty()) {
			logger.warn("Could not kill the processes {} of the playbook run in {}", refused, dir);
		}
		return killed.size();
	}

	static List<ProcessTable.Entry> targets(List<ProcessTable.Entry> processes, Path dir,
			Optional<ProcessTable.Entry> self) {
		long ownPid = ProcessHandle.current().pid();
		long ownGroup = self.map(ProcessTable.Entry::pgid).orElse(-1L);
		long ownSession = self.map(ProcessTable.Entry::sid).orElse(-1L);
		Map<Long, ProcessTable.Entry> byPid = new LinkedHashMap<>();
		processes.stream().filter((process) -> !process.zombie()).forEach((process) -> byPid.put(process.pid(), process));
		Map<Long, ProcessTable.Entry> targets = new LinkedHashMap<>();
		for (ProcessTable.Entry process : byPid.values()) {
			if (process.pid() == ownPid || !process.mentions(dir)) {
				continue;
			}
			boolean ownedGroup = process.pgid() != ownGroup && process.pgid() != ownSession
					&& isRunGroup(process, byPid.get(process.pgid()), dir);
			if (ownedGroup) {
				byPid.values()
					.stream()
					.filter((member) -> member.pgid() == process.pgid() && member.pid() != ownPid)
					.forEach((member) -> targets.put(member.pid(), member));
			}
			else {
				withDescendants(process, byPid).stream()
					.filter((member) -> member.pid() != ownPid)
					.forEach((member) -> targets.put(member.pid(), member));
			}
		}
		return new ArrayList<>(targets.values());
	}

	private static boolean isRunGroup(ProcessTable.Entry process, ProcessTable.Entry leader, Path dir) {
		return (leader != null) ? leader.mentions(dir) : process.sid() == process.pgid();
	}

	private static List<ProcessTable.Entry> withDescendants(ProcessTable.Entry root,
			Map<Long, ProcessTable.Entry> byPid) {
		List<ProcessTable.Entry> found = new ArrayList<>();
		Deque<ProcessTable.Entry> pending = new ArrayDeque<>(List.of(root));
		while (!pending.isEmpty()) {
			ProcessTable.Entry process = pending.pop();
			found.add(process);
			byPid.values().stream().filter((child) -> child.ppid() == process.pid()).forEach(pending::push);
		}
		return found;
	}

	/** SIGKILL, unless the pid now names another process. */
	private static boolean kill(ProcessTable.Entry target) {
		boolean same = ProcessTable.read(target.pid())
			.map((now) -> now.startTicks() == target.startTicks())
			.orElse(false);
		if (!same) {
			return true;
		}
		return ProcessHandle.of(target.pid()).map(ProcessHandle::destroyForcibly).orElse(true);
	}

	private static void pause() {
		try {
			Thread.sleep(BETWEEN_ROUNDS.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
