package io.ospatch.ansible;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import tools.jackson.databind.ObjectMapper;

/**
 * Writes the files ansible-playbook reads for one run: the inventory and the extra vars, both as
 * JSON (which is YAML, so Ansible's yaml inventory plugin reads it), both owner-only.
 * <p>
 * The inventory is one {@code all} group: {@code {"all":{"hosts":{NAME:{ansible_host, ansible_port,
 * ansible_user, ansible_ssh_private_key_file, ...host vars}},"vars":{...group vars}}}}. Every name
 * and value is checked before it is written: host names and addresses end up on SSH command lines
 * and every value is rendered as a Jinja template on the controller.
 */
final class InventoryWriter {

	static final String INVENTORY_FILE = "inventory.yml";

	static final String EXTRA_VARS_FILE = "extra-vars.json";

	private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

	private static final Pattern USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,31}");

	private static final Pattern IPV4 = Pattern
		.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

	private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

	private static final Pattern DNS_NAME = Pattern
		.compile("(?=.{1,253}\\.?$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.?");

	private static final Pattern DIGITS = Pattern.compile("[0-9]+");

	/** Set from the record's own fields only, so a host var cannot point the host elsewhere. */
	private static final Set<String> CONNECTION_VARS = Set.of("ansible_host", "ansible_port", "ansible_user",
			"ansible_ssh_private_key_file", "ansible_ssh_host", "ansible_ssh_port", "ansible_ssh_user",
			"ansible_private_key_file", "ansible_ssh_common_args");

	/**
	 * Group vars are where a cluster's inventory variables go; the cluster package allows only a
	 * short list of them. This is the last line: no group var may name a connection plugin, an
	 * executable, an interpreter, a shell or extra command-line arguments, each of which Ansible
	 * runs on this machine.
	 */
	private static final Pattern CONTROLLER_CODE_VAR = Pattern.compile("(?i)ansible_(connection|.*_args|.*_executable"
			+ "|.*_exe|.*_interpreter|shell_.*|become_method|become_flags|ssh_.*|paramiko_.*|libssh_.*|.*proxy.*"
			+ "|network_os)");

	private static final Pattern SAFE_INTERPRETER = Pattern.compile("auto|auto_silent|auto_legacy|auto_legacy_silent|(/[A-Za-z0-9._+-]+)+");

	private final ObjectMapper json;

	InventoryWriter(ObjectMapper json) {
		this.json = json;
	}

	Path writeInventory(PrivateWorkDir dir, List<InventoryHost> hosts, Map<String, Object> groupVars) {
		return dir.writeFile(INVENTORY_FILE, this.json.writeValueAsBytes(inventory(hosts, groupVars)));
	}

	Path writeExtraVars(PrivateWorkDir dir, Map<String, Object> extraVars) {
		requireSafeVars("extra var", extraVars);
		return dir.writeFile(EXTRA_VARS_FILE, this.json.writeValueAsBytes(extraVars));
	}

	/** The checked inventory document. */
	Map<String, Object> inventory(List<InventoryHost> hosts, Map<String, Object> groupVars) {
		Map<String, Object> hostEntries = new LinkedHashMap<>();
		for (InventoryHost host : hosts) {
			if (hostEntries.put(checkedName(host), hostVars(host)) != null) {
				throw new IllegalArgumentException("inventory host " + AnsibleVars.quote(host.name()) + " appears twice");
			}
		}
		requireSafeVars("group var", groupVars);
		groupVars.forEach(InventoryWriter::requireNoControllerCode);
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("hosts", hostEntries);
		all.put("vars", groupVars);
		return Map.of("all", all);
	}

	private static String checkedName(InventoryHost host) {
		if (!HOST_NAME.matcher(host.name()).matches()) {
			throw new IllegalArgumentException("inventory host name " + AnsibleVars.quote(host.name())
					+ " is not allowed: use 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit");
		}
		return host.name();
	}

	private static Map<String, Object> hostVars(InventoryHost host) {
		String name = host.name();
		if (!isAddress(host.address())) {
			throw new IllegalArgumentException("host " + name + ": address " + AnsibleVars.quote(host.address())
					+ " is not an IPv4 address, an IPv6 address or a DNS name");
		}
		Map<String, Object> vars = new LinkedHashMap<>();
		vars.put("ansible_host", host.address());
		vars.put("ansible_port", host.port());
		if (host.user() != null) {
			if (!USER.matcher(host.user()).matches()) {
				throw new IllegalArgumentException("host " + name + ": SSH user " + AnsibleVars.quote(host.user())
						+ " is not allowed, use 1 to 32 letters, digits, '.', '_' or '-'");
			}
			vars.put("ansible_user", host.user());
		}
		if (host.privateKey() != null) {
			String key = host.privateKey().toString();
			AnsibleVars.requireNoTemplate("host " + name + ": SSH private key path", key);
			vars.put("ansible_ssh_private_key_file", key);
		}
		if (!host.ssh().arguments().isEmpty()) {
			vars.put("ansible_ssh_common_args", String.join(" ", host.ssh().arguments()));
		}
		host.vars().forEach((var, value) -> {
			AnsibleVars.requireVarName("host " + name + ": var", var);
			if (CONNECTION_VARS.contains(var)) {
				throw new IllegalArgumentException("host " + name + ": var " + var
						+ " is not allowed, ospatch sets it from the host's address, port, user, key and SSH options");
			}
			AnsibleVars.requireNoTemplate("host " + name + ": var " + var, value);
			vars.put(var, value);
		});
		return vars;
	}

	private static void requireNoControllerCode(String name, Object value) {
		if ("ansible_python_interpreter".equals(name) && value instanceof String path
				&& SAFE_INTERPRETER.matcher(path).matches()) {
			return;
		}
		if (CONTROLLER_CODE_VAR.matcher(name).matches()) {
			throw new IllegalArgumentException("group var " + name + " is not allowed: Ansible reads it as a connection, "
					+ "executable, interpreter or argument setting, which would run on this machine");
		}
	}

	private static void requireSafeVars(String what, Map<String, Object> vars) {
		vars.forEach((name, value) -> {
			AnsibleVars.requireVarName(what, name);
			AnsibleVars.requireSafeValue(what + " " + name, value);
		});
	}

	static boolean isAddress(String address) {
		if (IPV4.matcher(address).matches()) {
			return true;
		}
		if (IPV6_CHARACTERS.matcher(address).matches()) {
			return isIpv6Literal(address);
		}
		// A dotted name ending in digits is a mistyped IPv4 address (999.1.1.1), not a DNS name.
		return DNS_NAME.matcher(address).matches() && !DIGITS.matcher(lastLabel(address)).matches();
	}

	// Holding a ':', the text is parsed as an IPv6 literal only: InetAddress does no DNS lookup for it.
	private static boolean isIpv6Literal(String address) {
		try {
			InetAddress.getByName(address);
			return true;
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	private static String lastLabel(String name) {
		String withoutRoot = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
		return withoutRoot.substring(withoutRoot.lastIndexOf('.') + 1);
	}

}
