package io.ospatch.audit;

import java.time.Instant;

/**
 * One entry of the audit trail.
 *
 * @param id its id, in the order entries were written
 * @param at when it happened
 * @param actor who did it: {@code user@host} on the command line, the login name in the web console and API
 * @param action what was done: one of the {@code AuditTrail} actions ({@code cluster set}, {@code launch}, …)
 * @param cluster the cluster, or {@code null} for the whole fleet
 * @param detail what changed, or {@code null}; never a secret
 */
public record AuditEntry(long id, Instant at, String actor, String action, String cluster, String detail) {
}
