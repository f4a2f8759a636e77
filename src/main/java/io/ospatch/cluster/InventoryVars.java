package io.ospatch.cluster;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The inventory variables a cluster may set: an allowlist, each name with the values it takes and
 * the reason a node patch needs it.
 * <p>
 * An allowlist rather than a list of what is forbidden: Ansible reads dozens of variables as a
 * connection plugin, an executable, an interpreter or extra command-line arguments
 * ({@code ansible_connection=local}, {@code ansible_ssh_common_args=-o ProxyCommand=...},
 * {@code ansible_ssh_executable}, {@code ansible_become_exe}, ...), each of which runs code on the
 * machine running ospatch, where the SSH keys of every cluster live, and new Ansible versions add
 * more. What SSH legitimately needs (a known-hosts file, a jump host) is a cluster setting that
 * ospatch turns into SSH arguments itself.
 */
public final class InventoryVars {

	/** Names of variables that look like credentials (ansible_become_password, …): their values are never shown. */
	private static final Pattern SECRET_NAME = Pattern.compile("(?i)(pass|secret|token|vault)");

	private static final Pattern BOOLEAN = Pattern.compile("true|false|yes|no");

	private static final Pattern UNIX_USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

	/** An absolute path of characters that no shell, SSH or Ansible reads as anything but a path. */
	private static final Pattern SAFE_ABSOLUTE_PATH = Pattern.compile("(/[A-Za-z0-9._+-]+)+");

	private static final Pattern SECONDS = Pattern.compile("[1-9][0-9]{0,4}");

	private static final Pattern SECONDS_OR_ZERO = Pattern.compile("0|[1-9][0-9]{0,4}");

	private static final Pattern ANY_TEXT = Pattern.compile("[^\\p{Cntrl}]{1,2048}", Pattern.DOTALL);

	private static final Map<String, Rule> ALLOWED = allowed();

	private InventoryVars() {
	}

	/**
	 * @throws InvalidInputException naming the variable and why it is refused
	 */
	public static void check(String name, String value) {
		Rule rule = ALLOWED.get(name);
		if (rule == null) {
			throw new InvalidInputException("inventory variable " + InputRules.printable(name)
					+ " is not allowed: ospatch passes only " + String.join(", ", ALLOWED.keySet())
					+ " (connection settings are cluster settings such as --ssh-user, --known-hosts, --jump-host)");
		}
		if (value == null || !rule.values().matcher(value).matches()) {
			throw new InvalidInputException("inventory variable " + name + ": value '" + InputRules.printable(value)
					+ "' is not allowed, expected " + rule.expected());
		}
	}

	/** The allowed names, each with the reason it is allowed, for documentation and messages. */
	public static Map<String, String> reasons() {
		Map<String, String> reasons = new TreeMap<>();
		ALLOWED.forEach((name, rule) -> reasons.put(name, rule.reason()));
		return reasons;
	}

	private static Map<String, Rule> allowed() {
		Map<String, Rule> allowed = new TreeMap<>();
		allowed.put("ansible_become", new Rule(BOOLEAN, "true or false",
				"patching needs root: sudo when ssh-user is not root"));
		allowed.put("ansible_become_user", new Rule(UNIX_USER, "a Unix user name",
				"the user sudo switches to (root unless a site maps it otherwise)"));
		allowed.put("ansible_become_password", new Rule(ANY_TEXT, "text without control characters",
				"sudo's password where the user has no NOPASSWD rule; only sudo reads it, cluster show hides it"));
		allowed.put("ansible_python_interpreter", new Rule(
				Pattern.compile("auto|auto_silent|auto_legacy|auto_legacy_silent|" + SAFE_ABSOLUTE_PATH.pattern()),
				"auto, auto_silent, auto_legacy, auto_legacy_silent or an absolute path of letters, digits and . _ + - /",
				"nodes whose Python is not where discovery looks (the lab's /usr/local/bin/lab-python3); "
						+ "it runs on the node, and a plain absolute path cannot carry shell syntax"));
		allowed.put("os_patch_reboot", new Rule(Pattern.compile("if-required|always|never"),
				"if-required, always or never", "the role's reboot policy"));
		allowed.put("os_patch_reboot_command", new Rule(ANY_TEXT, "text without control characters",
				"nodes rebooted by their own command; ansible.builtin.reboot runs it on the node, as root, "
						+ "which a patch is anyway"));
		allowed.put("os_patch_reboot_boot_time_command", new Rule(ANY_TEXT, "text without control characters",
				"nodes whose boot is told by their own command; runs on the node like the reboot command"));
		allowed.put("os_patch_reboot_timeout", new Rule(SECONDS, "a number of seconds, 1-99999",
				"slow-booting nodes"));
		allowed.put("os_patch_apt_lock_timeout", new Rule(SECONDS_OR_ZERO, "a number of seconds, 0-99999",
				"nodes where unattended-upgrades holds the apt lock for long"));
		allowed.put("os_patch_refresh_private_lists", new Rule(BOOLEAN, "true or false",
				"fleets with slow mirrors that plan from the nodes' own package lists"));
		return allowed;
	}

	private record Rule(Pattern values, String expected, String reason) {
	}

	/** A variable's value as shown to people (cluster show, the web console): "(hidden)" for one that looks like a credential. */
	public static String shown(String name, String value) {
		return SECRET_NAME.matcher(name).find() ? "(hidden)" : value;
	}

}
