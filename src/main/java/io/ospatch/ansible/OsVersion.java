package io.ospatch.ansible;

/**
 * The OS a host runs, as the playbook saw it.
 *
 * @param distribution for example {@code Debian}
 * @param osFamily for example {@code Debian}
 * @param version the point release, for example {@code 12.10}
 * @param kernel the running kernel, for example {@code 6.1.0-40-amd64}
 */
public record OsVersion(String distribution, String osFamily, String version, String kernel) {
}
