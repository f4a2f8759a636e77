package io.ospatch.web.security;

import java.time.Instant;

/**
 * An API token as stored: everything about it but the token itself, which is never kept.
 *
 * @param name what it is for; its requests are made by {@link #principal()}
 * @param role what its requests may do
 * @param createdBy who created it (user@host of {@code ospatch token create})
 * @param createdAt when
 * @param expiresAt when it stops working; {@code null}: never
 * @param lastUsedAt the last request it authenticated, to the minute; {@code null}: never used
 * @param revokedAt when it was revoked; {@code null}: not revoked
 */
public record ApiToken(String name, Role role, String createdBy, Instant createdAt, Instant expiresAt,
		Instant lastUsedAt, Instant revokedAt) {

	/** What prefixes the names of tokens in records of who did what; no user name has a colon. */
	static final String PRINCIPAL_PREFIX = "token:";

	/** The name its requests are made by, in the records of changes and launches: {@code token:NAME}. */
	public String principal() {
		return PRINCIPAL_PREFIX + this.name;
	}

	/** Whether it authenticates requests at that instant: neither revoked nor expired. */
	public boolean isActive(Instant now) {
		return this.revokedAt == null && (this.expiresAt == null || now.isBefore(this.expiresAt));
	}

	/** {@code active}, {@code expired} or {@code revoked}, as {@code ospatch token list} shows it. */
	public String state(Instant now) {
		if (this.revokedAt != null) {
			return "revoked";
		}
		return isActive(now) ? "active" : "expired";
	}

}
