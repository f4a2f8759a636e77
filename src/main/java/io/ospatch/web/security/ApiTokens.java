package io.ospatch.web.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ospatch.cluster.InputRules;
import io.ospatch.cluster.InvalidInputException;
import io.ospatch.cluster.UtcTimes;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The API tokens of {@code ospatch serve}: created, listed and revoked by {@code ospatch token}, and
 * checked for each API request that sends one ({@code Authorization: Bearer osp_...}).
 *
 * <p>
 * A token is {@value #PREFIX} and 32 random bytes (base64url), shown once when created. Only its
 * SHA-256 is stored. A fast unsalted hash is right here, unlike for passwords: a password is short
 * and guessable, so its hash must be slow (bcrypt) and salted; a token has 256 random bits, so
 * nobody can guess it or find it from its hash, however fast the hash, and no two tokens share one.
 * A fast hash also lets a request find its token by the hash alone, in one indexed read, instead of
 * a bcrypt comparison against every token. The prefix lets secret scanners recognise a leaked token.
 */
@Service
public class ApiTokens {

	static final String PREFIX = "osp_";

	private static final int RANDOM_BYTES = 32;

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

	private static final Pattern EXPIRES_IN = Pattern.compile("([1-9][0-9]{0,5})([dh])");

	/** Ten years: a token meant to live longer is one that should not expire (or be rotated). */
	static final Duration LONGEST_EXPIRY = Duration.ofDays(3650);

	/** How stale {@code last_used_at} may be: a busy client does not write to the database on each request. */
	static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

	private final JdbcClient jdbc;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	ApiTokens(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Creates a token.
	 * @param name what it is for: letters, digits and . _ @ - (up to 64), not used by any token before
	 * @param role {@code viewer} or {@code operator}
	 * @param expiresIn how long it works, as {@code 90d} or {@code 12h}; {@code null}: until revoked
	 * @param createdBy who creates it
	 * @throws InvalidInputException for a bad name, role or expiry, or a name in use; nothing is stored then
	 */
	@Transactional
	public IssuedApiToken create(String name, String role, String expiresIn, String createdBy) {
		checkName(name);
		Role checkedRole = Role.of(role);
		Duration lifetime = (expiresIn != null) ? expiresIn(expiresIn) : null;
		Optional<ApiToken> existing = find(name);
		if (existing.isPresent()) {
			throw new InvalidInputException("token '" + name + "' exists"
					+ ((existing.get().revokedAt() != null) ? " (revoked; a name is never reused)" : "")
					+ "; choose another name");
		}
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		Instant expiresAt = (lifetime != null) ? now.plus(lifetime) : null;
		String secret = newSecret();
		this.jdbc.sql("""
				INSERT INTO api_tokens (name, role, token_hash, created_by, created_at, expires_at)
				VALUES (?, ?, ?, ?, ?, ?)""")
			.params(name, checkedRole.value(), hash(secret), createdBy, UtcTimes.toDb(now),
					UtcTimes.toDb(expiresAt))
			.update();
		return new IssuedApiToken(secret, new ApiToken(name, checkedRole, createdBy, now, expiresAt, null, null));
	}

	/** Every token, revoked and expired ones included, by name. */
	public List<ApiToken> list() {
		return this.jdbc.sql("SELECT * FROM api_tokens ORDER BY name").query(ApiTokens::token).list();
	}

	/**
	 * Revokes a token: its next request is refused. Revoking a revoked token changes nothing.
	 * @return the token as it is now revoked, with when that was
	 * @throws InvalidInputException when no token has that name
	 */
	@Transactional
	public ApiToken revoke(String name) {
		ApiToken token = find(name).orElseThrow(() -> new InvalidInputException(
				"unknown token '" + InputRules.printable(name) + "'; 'ospatch token list' shows the tokens"));
		if (token.revokedAt() != null) {
			return token;
		}
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		this.jdbc.sql("UPDATE api_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL")
			.params(UtcTimes.toDb(now), name)
			.update();
		return find(name).orElseThrow();
	}

	/**
	 * The active token that this secret is, noting that it was used; empty for anything else (not a
	 * token, unknown, expired, revoked), without saying which, as for a wrong password.
	 */
	Optional<ApiToken> authenticate(String secret) {
		if (secret == null || !secret.startsWith(PREFIX)) {
			return Optional.empty();
		}
		// looked up by its hash: equal hashes are equal 256-bit secrets, and timing the lookup tells
		// an attacker nothing about a secret he does not know
		Optional<ApiToken> token = this.jdbc.sql("SELECT * FROM api_tokens WHERE token_hash = ?")
			.param(hash(secret))
			.query(ApiTokens::token)
			.optional();
		Instant now = this.clock.instant();
		if (token.isEmpty() || !token.get().isActive(now)) {
			return Optional.empty();
		}
		this.jdbc.sql("UPDATE api_tokens SET last_used_at = ? WHERE name = ? AND (last_used_at IS NULL OR last_used_at < ?)")
			.params(UtcTimes.toDb(now.truncatedTo(ChronoUnit.MICROS)), token.get().name(),
					UtcTimes.toDb(now.minus(LAST_USED_RESOLUTION)))
			.update();
		return token;
	}

	/** {@code 90d} or {@code 12h}, up to {@link #LONGEST_EXPIRY}. */
	static Duration expiresIn(String text) {
		Matcher matcher = EXPIRES_IN.matcher(text);
		if (!matcher.matches()) {
			throw new InvalidInputException("expires-in '" + InputRules.printable(text)
					+ "' is not a number of days or hours, such as 90d or 12h");
		}
		long amount = Long.parseLong(matcher.group(1));
		Duration lifetime = matcher.group(2).equals("d") ? Duration.ofDays(amount) : Duration.ofHours(amount);
		if (lifetime.compareTo(LONGEST_EXPIRY) > 0) {
			throw new InvalidInputException("expires-in '" + text + "' is longer than " + LONGEST_EXPIRY.toDays()
					+ "d; leave it out for a token that does not expire");
		}
		return lifetime;
	}

	private static void checkName(String name) {
		if (name == null || !NAME.matcher(name).matches()) {
			throw new InvalidInputException("token name '" + InputRules.printable(name)
					+ "' is not letters, digits and . _ @ - (up to 64, starting with a letter or digit)");
		}
	}

	private Optional<ApiToken> find(String name) {
		return this.jdbc.sql("SELECT * FROM api_tokens WHERE name = ?").param(name).query(ApiTokens::token).optional();
	}

	private String newSecret() {
		byte[] bytes = new byte[RANDOM_BYTES];
		this.random.nextBytes(bytes);
		return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static String hash(String secret) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime has SHA-256", ex);
		}
	}

	private static ApiToken token(ResultSet rs, int row) throws SQLException {
		return new ApiToken(rs.getString("name"), Role.of(rs.getString("role")), rs.getString("created_by"),
				UtcTimes.read(rs, "created_at"), UtcTimes.read(rs, "expires_at"), UtcTimes.read(rs, "last_used_at"),
				UtcTimes.read(rs, "revoked_at"));
	}

}
