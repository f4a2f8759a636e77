package io.ospatch.ansible;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A finished playbook run.
 *
 * @param exitCode ansible-playbook's exit code: 0, 2 (a host failed) or 4 (a host unreachable)
 * @param hosts the outcome per requested host name, in the request's order
 * @param elapsed how long ansible-playbook ran
 */
public record PlaybookRun(int exitCode, Map<String, HostOutcome> hosts, Duration elapsed) {

	public PlaybookRun {
		hosts = Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
		Objects.requireNonNull(elapsed, "elapsed");
	}

}
