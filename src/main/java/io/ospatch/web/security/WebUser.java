package io.ospatch.web.security;

/**
 * A user who may log in to the web console.
 *
 * @param name the login name
 * @param passwordHash the bcrypt hash of the password; never logged or shown
 * @param role what the user may do
 */
record WebUser(String name, String passwordHash, Role role) {

	@Override
	public String toString() {
		return "WebUser[name=" + this.name + ", role=" + this.role.value() + "]";
	}

}
