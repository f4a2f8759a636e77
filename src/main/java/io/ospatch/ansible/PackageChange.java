package io.ospatch.ansible;

import java.util.List;
import java.util.Objects;

/**
 * One package an upgrade changed (os-patch) or would change (os-facts).
 *
 * @param name the package name
 * @param from the version before, {@code null} when the package was newly installed
 * @param to the version after, {@code null} when the package was removed
 * @param security whether the new version comes from a security update
 * @param cves the CVE ids the versions after {@code from} up to {@code to} fix, as the package's
 * changelog (Debian/Ubuntu) or its advisory (RedHat) names them; sorted, without duplicates
 */
public record PackageChange(String name, String from, String to, boolean security, List<String> cves) {

	public PackageChange {
		Objects.requireNonNull(name, "name");
		cves = (cves != null) ? List.copyOf(cves) : List.of();
	}

	/** A change whose fixes are not known (os-facts, or a package without a changelog). */
	public PackageChange(String name, String from, String to, boolean security) {
		this(name, from, to, security, List.of());
	}

}
