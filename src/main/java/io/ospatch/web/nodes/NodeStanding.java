package io.ospatch.web.nodes;

import java.time.Instant;

/**
 * A node of a cluster as the console and the API show it: no address, port or key (how to reach a
 * node is not what a reader of its standing needs).
 *
 * @param name its name
 * @param role {@code control-plane} or {@code worker}
 * @param state what ospatch last knew of it ({@code new}, {@code ready}, {@code failed}, …)
 * @param distribution its distribution as last seen, or {@code null}
 * @param osVersion its OS version as last seen, or {@code null}
 * @param kernel its kernel as last seen, or {@code null}
 * @param lastPatchedAt when a run last patched it, or {@code null}
 * @param lastRunId the latest run that recorded a result for it, or {@code null}
 * @param lastResult that result's status ({@code patched}, {@code skipped}, …), or {@code null}
 * @param lastResultAt when that result ended, or {@code null}
 */
public record NodeStanding(String name, String role, String state, String distribution, String osVersion, String kernel,
		Instant lastPatchedAt, Long lastRunId, String lastResult, Instant lastResultAt) {

}
