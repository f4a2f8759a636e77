package io.ospatch.web.security;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.ospatch.cluster.InvalidInputException;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Everyone who may log in: the users file's users, and the operator {@code admin} when
 * {@code OSPATCH_ADMIN_PASSWORD} is set (so that a fresh install has a way in). With nobody, and no
 * OIDC provider whose users log in instead, the console would be a locked door: it refuses to start.
 */
final class WebUsers {

	static final String ADMIN = "admin";

	static final String ADMIN_PASSWORD = "OSPATCH_ADMIN_PASSWORD";

	/** Long enough that guessing it over HTTP is hopeless. */
	static final int ADMIN_PASSWORD_MIN_LENGTH = 12;

	private WebUsers() {
	}

	/**
	 * @param usersFile the users file, or empty/{@code null} for none
	 * @param adminPassword the value of OSPATCH_ADMIN_PASSWORD, or empty/{@code null} when not set
	 * @throws InvalidInputException with one line saying what to fix
	 */
	static List<WebUser> of(String usersFile, String adminPassword, PasswordEncoder encoder) {
		return of(usersFile, adminPassword, false, encoder);
	}

	/**
	 * @param oidcLogin whether an OIDC provider's users may log in, so that none need be here
	 * @see #of(String, String, PasswordEncoder)
	 */
	static List<WebUser> of(String usersFile, String adminPassword, boolean oidcLogin, PasswordEncoder encoder) {
		List<WebUser> users = new ArrayList<>();
		boolean hasFile = usersFile != null && !usersFile.isBlank();
		if (hasFile) {
			users.addAll(UsersFile.read(Path.of(usersFile.strip())));
		}
		if (adminPassword != null && !adminPassword.isEmpty()) {
			if (adminPassword.length() < ADMIN_PASSWORD_MIN_LENGTH) {
				throw new InvalidInputException(ADMIN_PASSWORD + " is shorter than " + ADMIN_PASSWORD_MIN_LENGTH
						+ " characters: choose a longer one");
			}
			if (users.stream().anyMatch((user) -> user.name().equals(ADMIN))) {
				throw new InvalidInputException("user '" + ADMIN + "' is in the users file and " + ADMIN_PASSWORD
						+ " is set: keep one of them");
			}
			users.add(new WebUser(ADMIN, encoder.encode(adminPassword), Role.OPERATOR));
		}
		if (users.isEmpty() && !oidcLogin) {
			throw new InvalidInputException("no users for the web console" + (hasFile ? " in " + usersFile.strip() : "")
					+ ": set " + ADMIN_PASSWORD + " (creates the operator 'admin') or OSPATCH_WEB_USERS_FILE (a users file)");
		}
		return users;
	}

}
