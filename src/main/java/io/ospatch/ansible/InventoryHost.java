package io.ospatch.ansible;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One host of a playbook run's inventory.
 *
 * @param name the inventory host name (the node name); letters, digits, {@code .}, {@code _} and
 * {@code -}
 * @param address where to reach it over SSH: an IPv4 or IPv6 literal or a DNS name
 * @param port its SSH port
 * @param user the SSH user, {@code null} for Ansible's default
 * @param privateKey the SSH private key file, {@code null} for the SSH client's default
 * @param ssh further SSH settings (known-hosts file, jump host) that become SSH options
 * @param vars further host vars
 */
public record InventoryHost(String name, String address, int port, String user, Path privateKey, SshOptions ssh,
		Map<String, String> vars) {

	public InventoryHost {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(address, "address");
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("host " + name + ": SSH port must be 1..65535, not " + port);
		}
		ssh = (ssh != null) ? ssh : SshOptions.none();
		vars = (vars != null) ? Collections.unmodifiableMap(new TreeMap<>(vars)) : Map.of();
		vars.forEach((key, value) -> Objects.requireNonNull(value, () -> "host var " + key + " of host " + name));
	}

	/** A host reached as {@code user} with {@code privateKey} and SSH's defaults otherwise. */
	public InventoryHost(String name, String address, int port, String user, Path privateKey,
			Map<String, String> vars) {
		this(name, address, port, user, privateKey, SshOptions.none(), vars);
	}

	/** A host reached as {@code user} with {@code privateKey}, without further host vars. */
	public InventoryHost(String name, String address, int port, String user, Path privateKey) {
		this(name, address, port, user, privateKey, SshOptions.none(), Map.of());
	}

}
