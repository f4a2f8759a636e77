package io.ospatch.ansible;

import java.util.Objects;

/**
 * One package an upgrade changed (os-patch) or would change (os-facts).
 *
 * @param name the package name
 * @param from the version before, {@code null} when the package was newly installed
 * @param to the version after, {@code null} when the package was removed
 * @param security whether the new version comes from a security update
 */
public record PackageChange(String name, String from, String to, boolean security) {

	public PackageChange {
		Objects.requireNonNull(name, "name");
	}

}
