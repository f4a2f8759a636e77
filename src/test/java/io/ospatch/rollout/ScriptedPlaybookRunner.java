package io.ospatch.rollout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import io.ospatch.ansible.HostOutcome;
import io.ospatch.ansible.HostStatus;
import io.ospatch.ansible.OsPatchFacts;
import io.ospatch.ansible.OsVersion;
import io.ospatch.ansible.PackageChange;
import io.ospatch.ansible.PatchStatus;
import io.ospatch.ansible.PlaybookRequest;
import io.ospatch.ansible.PlaybookRun;
import io.ospatch.ansible.PlaybookRunner;

/**
 * A playbook runner for logic tests: each host's outcome comes from a script of (host, attempt of
 * that host) → outcome, and every request is recorded. A hook may act before a run (throw, as a
 * crashing ansible-playbook would; block; request a stop) — before the run touches its hosts, or
 * after, as one that dies halfway through.
 */
public class ScriptedPlaybookRunner implements PlaybookRunner {

	private volatile BiFunction<String, Integer, HostOutcome> script;

	private final Map<String, Integer> attempts = new LinkedHashMap<>();

	final List<List<String>> requests = new ArrayList<>();

	/** Called with the request's hosts before they are run (count), and after (the run is then counted). */
	private volatile Hook before = (hosts) -> {
	};

	private volatile Hook after = (hosts) -> {
	};

	ScriptedPlaybookRunner(BiFunction<String, Integer, HostOutcome> script) {
		this.script = script;
	}

	ScriptedPlaybookRunner() {
		this((host, attempt) -> patched(host));
	}

	public synchronized void reset(BiFunction<String, Integer, HostOutcome> script) {
		this.script = script;
		this.attempts.clear();
		this.requests.clear();
		this.before = (hosts) -> {
		};
		this.after = (hosts) -> {
		};
	}

	public void beforeRun(Hook hook) {
		this.before = hook;
	}

	public void afterRun(Hook hook) {
		this.after = hook;
	}

	/** How many playbook runs {@code host} was in. */
	public synchronized int runsOf(String host) {
		return this.attempts.getOrDefault(host, 0);
	}

	@Override
	public PlaybookRun run(PlaybookRequest request) {
		this.before.accept(request.hostNames());
		PlaybookRun run = runHosts(request);
		this.after.accept(request.hostNames());
		return run;
	}

	private synchronized PlaybookRun runHosts(PlaybookRequest request) {
		this.requests.add(request.hostNames());
		Map<String, HostOutcome> hosts = new LinkedHashMap<>();
		for (String host : request.hostNames()) {
			int attempt = this.attempts.merge(host, 1, Integer::sum);
			hosts.put(host, this.script.apply(host, attempt));
		}
		return new PlaybookRun(0, hosts, Duration.ofSeconds(1));
	}

	/** Test code run around a playbook run. */
	@FunctionalInterface
	public interface Hook {

		void accept(List<String> hosts);

	}

	public static HostOutcome patched(String host) {
		OsVersion before = new OsVersion("Debian", "Debian", "12.10", "6.1.0-40-amd64");
		OsVersion after = new OsVersion("Debian", "Debian", "12.12", "6.1.0-40-amd64");
		return new HostOutcome(host, HostStatus.OK, new OsPatchFacts(PatchStatus.PATCHED, before, after, "12.12",
				List.of(new PackageChange("base-files", "12.4+deb12u10", "12.4+deb12u12", false)), List.of("kubelet"),
				false, false, null, null), null);
	}

	/** Patched onto a new kernel, and rebooted by the playbook. */
	static HostOutcome rebooted(String host) {
		OsVersion before = new OsVersion("Debian", "Debian", "12.10", "6.1.0-40-amd64");
		OsVersion after = new OsVersion("Debian", "Debian", "12.12", "6.1.0-41-amd64");
		return new HostOutcome(host, HostStatus.OK, new OsPatchFacts(PatchStatus.PATCHED, before, after, "12.12",
				List.of(new PackageChange("linux-image-amd64", "6.1.0-40", "6.1.0-41", true)), List.of("kubelet"), true,
				false, null, null), null);
	}

	static HostOutcome unreachable(String host) {
		return new HostOutcome(host, HostStatus.UNREACHABLE, null,
				"Failed to connect to the host via ssh: ssh: connect to host 127.0.0.1 port 2203: Connection refused");
	}

	static HostOutcome failed(String host, String error) {
		OsVersion before = new OsVersion("Debian", "Debian", "12.10", "6.1.0-40-amd64");
		return new HostOutcome(host, HostStatus.FAILED,
				new OsPatchFacts(PatchStatus.FAILED, before, null, null, List.of(), List.of(), false, false, error,
						"Upgrade the installed release"),
				error);
	}

}
