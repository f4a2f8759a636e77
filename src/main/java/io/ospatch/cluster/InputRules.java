package io.ospatch.cluster;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules every operator-given value must pass. They are strict on purpose: names and addresses
 * end up as Ansible inventory entries and SSH arguments, where a space, a leading dash or a Jinja
 * brace would change what runs.
 */
public final class InputRules {

	/** A DNS label, as Kubernetes names clusters. */
	private static final Pattern CLUSTER_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

	/**
	 * Kubernetes node names are lower-case DNS subdomains; we also allow the underscores of odd
	 * fleets. Lower case only, so that {@code W1} and {@code w1} are never two nodes on one
	 * database and one on another (MySQL compares names without case, H2 with it).
	 */
	private static final Pattern NODE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

	/** Ansible's implicit groups and host: an inventory host of that name breaks every run. */
	private static final Set<String> RESERVED_NODE_NAMES = Set.of("all", "localhost", "ungrouped");

	private static final Pattern IPV4 = Pattern
		.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

	private static final Pattern IPV6_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

	private static final Pattern DNS_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

	private static final Pattern SSH_USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

	private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}");

	private static final Pattern TEMPLATE_DELIMITER = Pattern.compile("\\{\\{|\\{%|\\{#");

	private static final Pattern SAFE_PATH = Pattern.compile("(/[A-Za-z0-9._+-]+)+");

	/** user@ (optional), a host or [IPv6], :port (optional); the parts are checked one by one. */
	private static final Pattern JUMP_HOST = Pattern.compile("(?:([^@]{1,32})@)?(\\[[^\\]]{1,60}\\]|[^@:\\[\\]]{1,253})(?::([0-9]{1,5}))?");

	private static final Pattern KUBE_CONTEXT = Pattern.compile("[A-Za-z0-9._@:/+-]{1,253}");

	private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

	private static final Pattern VAR_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

	/** AWS's rule for EKS cluster names. */
	private static final Pattern EKS_CLUSTER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");

	/** AWS's rule for managed node group names. */
	private static final Pattern NODEGROUP_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

	/** AWS region names: eu-west-1, us-gov-west-1, ap-southeast-3. */
	private static final Pattern AWS_REGION = Pattern.compile("[a-z]{2}(-[a-z0-9]{1,12}){1,3}-[0-9]{1,2}");

	private InputRules() {
	}

	public static String clusterName(String name) {
		if (name == null || !CLUSTER_NAME.matcher(name).matches()) {
			throw new InvalidInputException("invalid cluster name '" + printable(name)
					+ "': use 1-63 lower-case letters, digits and dashes, starting and ending with a letter or digit");
		}
		return name;
	}

	/** Whether {@code name} could name a cluster; lookups of anything else find nothing on every database. */
	public static boolean isClusterName(String name) {
		return name != null && CLUSTER_NAME.matcher(name).matches();
	}

	/** Whether {@code name} could name a node; lookups of anything else find nothing on every database. */
	public static boolean isNodeName(String name) {
		return name != null && NODE_NAME.matcher(name).matches();
	}

	public static String nodeName(String name) {
		if (name == null || !NODE_NAME.matcher(name).matches()) {
			throw new InvalidInputException("invalid node name '" + printable(name)
					+ "': use 1-63 lower-case letters, digits, dots, dashes and underscores, starting with a letter or digit");
		}
		if (RESERVED_NODE_NAMES.contains(name)) {
			throw new InvalidInputException("invalid node name '" + name + "': Ansible reserves "
					+ String.join(", ", RESERVED_NODE_NAMES.stream().sorted().toList()) + "; choose another");
		}
		return name;
	}

	/**
	 * An IPv4 or IPv6 literal (without a zone) or a DNS name whose last label is not all digits;
	 * nothing that SSH or Ansible could read as an option or code, and nothing the inventory
	 * writer would refuse at patch time.
	 */
	public static String address(String address) {
		if (address == null || !(IPV4.matcher(address).matches() || isIpv6(address) || isDnsName(address))) {
			throw new InvalidInputException("invalid node address '" + printable(address)
					+ "': expected an IPv4 or IPv6 address or a DNS name");
		}
		return address;
	}

	public static int port(int port) {
		if (port < 1 || port > 65535) {
			throw new InvalidInputException("invalid SSH port " + port + ": expected 1-65535");
		}
		return port;
	}

	public static String sshUser(String user) {
		if (!SSH_USER.matcher(user).matches()) {
			throw new InvalidInputException("invalid SSH user '" + printable(user)
					+ "': expected a Unix user name (lower-case letters, digits, '_' and '-')");
		}
		return user;
	}

	/** {@link #keyFile(Path)} of a path given as text. */
	public static Path keyFile(String key) {
		try {
			return keyFile(Path.of(key));
		}
		catch (InvalidPathException ex) {
			throw new InvalidInputException("invalid SSH private key path '" + printable(key) + "'");
		}
	}

	/**
	 * The key must be there now: a rollout that finds it missing on the first chunk has already
	 * begun. Its path becomes an inventory value, which Ansible renders as a template.
	 */
	public static Path keyFile(Path key) {
		Path absolute = key.toAbsolutePath().normalize();
		String text = absolute.toString();
		if (TEMPLATE_DELIMITER.matcher(text).find() || text.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidInputException("invalid SSH private key path '" + printable(text)
					+ "': Jinja delimiters ({{ {% {#) and control characters are not allowed");
		}
		if (!Files.isRegularFile(absolute)) {
			throw new InvalidInputException("SSH private key " + absolute + " does not exist or is not a file");
		}
		if (!Files.isReadable(absolute)) {
			throw new InvalidInputException("SSH private key " + absolute + " is not readable");
		}
		return absolute;
	}

	public static String email(String email) {
		if (email == null || !EMAIL.matcher(email).matches()) {
			throw new InvalidInputException("invalid security contact '" + printable(email) + "': expected an email address");
		}
		return email;
	}

	/**
	 * An instant as options and query parameters take it: ISO-8601 with {@code Z} or an offset.
	 * @param what what it was given as ({@code --after}, {@code after}), for the message
	 */
	public static Instant instant(String what, String text) {
		try {
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new InvalidInputException("invalid " + what + " '" + printable(text)
					+ "': expected an ISO-8601 instant with Z or an offset, such as 2026-11-29T00:00:00Z or 2026-11-29T00:00+01:00");
		}
	}

	public static ZoneId timezone(String zone) {
		try {
			return ZoneId.of(zone);
		}
		catch (DateTimeException ex) {
			throw new InvalidInputException("unknown timezone '" + printable(zone) + "': use a region name such as Europe/Paris or UTC");
		}
	}

	/**
	 * A schedule as stored: its words separated by single spaces. What it means (a preset, a cron
	 * expression that fires) is checked by the schedule feature when a cluster's schedule changes,
	 * in the same transaction, so a schedule it refuses changes nothing.
	 */
	public static String schedule(String schedule) {
		if (schedule.isBlank() || schedule.length() > 128 || schedule.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidInputException("invalid schedule '" + printable(schedule)
					+ "': expected a preset name or a cron expression of at most 128 characters");
		}
		return String.join(" ", schedule.strip().split("\\s+"));
	}

	private static final Pattern WINDOW = Pattern.compile("(?:([0-9]{1,3})h)?(?:([0-9]{1,5})m)?");

	/** The longest maintenance window: a week, longer than any schedule's gap would make sense of. */
	static final Duration LONGEST_WINDOW = Duration.ofDays(7);

	/**
	 * A maintenance window's length: hours and minutes ({@code 4h}, {@code 90m}, {@code 1h30m}),
	 * at least a minute and at most a week.
	 */
	public static Duration maintenanceWindow(String window) {
		Matcher matcher = WINDOW.matcher(window.strip());
		if (window.isBlank() || !matcher.matches()) {
			throw new InvalidInputException("maintenance-window: '" + printable(window)
					+ "' is not a length such as 4h, 90m or 1h30m (or none)");
		}
		Duration length = Duration.ofHours((matcher.group(1) != null) ? Long.parseLong(matcher.group(1)) : 0)
			.plusMinutes((matcher.group(2) != null) ? Long.parseLong(matcher.group(2)) : 0);
		if (length.compareTo(Duration.ofMinutes(1)) < 0 || length.compareTo(LONGEST_WINDOW) > 0) {
			throw new InvalidInputException("maintenance-window: '" + printable(window)
					+ "' must be at least 1m and at most 168h (a week)");
		}
		return length;
	}

	/** A window as stored and shown: {@code 4h}, {@code 1h30m}, {@code 45m}. */
	public static String formatWindow(Duration window) {
		long hours = window.toHours();
		long minutes = window.toMinutesPart();
		return ((hours > 0) ? hours + "h" : "") + ((minutes > 0 || hours == 0) ? minutes + "m" : "");
	}

	/**
	 * An inventory variable. Ansible templates inventory values, so a value holding Jinja
	 * delimiters would run code on the machine running ospatch.
	 */
	public static void inventoryVar(String name, String value) {
		inventoryVarName(name);
		if (value == null || value.contains("{{") || value.contains("{%") || value.contains("{#")
				|| value.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidInputException("invalid value for inventory variable " + name
					+ ": Jinja delimiters ({{ {% {#) and control characters are not allowed");
		}
		InventoryVars.check(name, value);
	}

	/** A well-formed inventory variable name, allowed or not. */
	public static String inventoryVarName(String name) {
		if (name == null || !VAR_NAME.matcher(name).matches()) {
			throw new InvalidInputException("invalid inventory variable name '" + printable(name) + "'");
		}
		return name;
	}

	/**
	 * The known-hosts file SSH checks the nodes' host keys against. ospatch writes it into an SSH
	 * option, where a space would start a second file name and {@code %} or {@code ~} be expanded:
	 * only an absolute path of plain characters, and the file must be there now.
	 */
	public static Path knownHostsFile(Path file) {
		Path absolute = file.toAbsolutePath().normalize();
		if (!SAFE_PATH.matcher(absolute.toString()).matches()) {
			throw new InvalidInputException("invalid known-hosts file '" + printable(file.toString())
					+ "': use a path of letters, digits and . _ + - / only");
		}
		if (!Files.isRegularFile(absolute) || !Files.isReadable(absolute)) {
			throw new InvalidInputException("known-hosts file " + absolute + " does not exist or is not a readable file");
		}
		return absolute;
	}

	/**
	 * {@value KubeAccess#IN_CLUSTER}, or a kubeconfig file: an absolute path to a readable regular
	 * file. Its content is not read here, and never shown: it holds credentials.
	 */
	public static KubeAccess kubeAccess(String kubeconfig, String context) {
		if (KubeAccess.IN_CLUSTER.equals(kubeconfig)) {
			if (context != null) {
				throw new InvalidInputException("kube-context: the in-cluster service account has no contexts; "
						+ "a context belongs to a kubeconfig file");
			}
			return KubeAccess.inClusterServiceAccount();
		}
		Path file;
		try {
			file = Path.of(kubeconfig);
		}
		catch (InvalidPathException ex) {
			file = null;
		}
		if (file == null || !file.isAbsolute() || CONTROL.matcher(kubeconfig).find()) {
			throw new InvalidInputException("invalid kubeconfig '" + printable(kubeconfig)
					+ "': expected an absolute path to a kubeconfig file, or " + KubeAccess.IN_CLUSTER);
		}
		Path normal = file.normalize();
		if (!Files.isRegularFile(normal) || !Files.isReadable(normal)) {
			throw new InvalidInputException("kubeconfig " + printable(normal.toString()) + " does not exist or is not a readable file");
		}
		return new KubeAccess(normal, context, false);
	}

	/** A context name as kubeconfigs write them: {@code admin@prod}, {@code arn:aws:eks:…:cluster/prod}. */
	public static String kubeContext(String context) {
		if (context == null || !KUBE_CONTEXT.matcher(context).matches()) {
			throw new InvalidInputException("invalid kube-context '" + printable(context)
					+ "': use 1-253 letters, digits and . _ @ : / + -");
		}
		return context;
	}

	/**
	 * A jump host as SSH's ProxyJump takes it, {@code [user@]host[:port]} with an IPv6 address in
	 * brackets; each part checked like a node's, so it cannot be read as an option or a second host.
	 */
	public static String jumpHost(String jumpHost) {
		Matcher parts = (jumpHost != null) ? JUMP_HOST.matcher(jumpHost) : null;
		if (parts == null || !parts.matches()) {
			throw new InvalidInputException("invalid jump host '" + printable(jumpHost)
					+ "': expected [user@]host[:port], e.g. ops@bastion.example.com:22");
		}
		try {
			if (parts.group(1) != null) {
				sshUser(parts.group(1));
			}
			String host = parts.group(2);
			if (host.startsWith("[")) {
				String ipv6 = host.substring(1, host.length() - 1);
				if (!isIpv6(ipv6)) {
					throw new InvalidInputException("host '" + printable(ipv6) + "' is not an IPv6 address");
				}
			}
			else if (!(IPV4.matcher(host).matches() || isDnsName(host))) {
				throw new InvalidInputException("host '" + printable(host)
						+ "' is not an IPv4 address, an IPv6 address in brackets or a DNS name");
			}
			if (parts.group(3) != null) {
				port(Integer.parseInt(parts.group(3)));
			}
		}
		catch (InvalidInputException ex) {
			throw new InvalidInputException("invalid jump host '" + printable(jumpHost) + "': " + ex.getMessage());
		}
		return jumpHost;
	}

	/** RFC 4291 text: eight groups, or fewer around one {@code ::}, the last two possibly an IPv4 address. */
	private static boolean isIpv6(String address) {
		int lastColon = address.lastIndexOf(':');
		if (lastColon < 0 || address.length() > 45) {
			return false;
		}
		String hex = address;
		if (address.indexOf('.') >= 0) {
			if (!IPV4.matcher(address.substring(lastColon + 1)).matches()) {
				return false;
			}
			hex = address.substring(0, lastColon + 1) + "0:0";
		}
		int compressed = hex.indexOf("::");
		if (compressed < 0) {
			return ipv6Groups(hex) == 8;
		}
		if (compressed != hex.lastIndexOf("::")) {
			return false;
		}
		int left = ipv6Groups(hex.substring(0, compressed));
		int right = ipv6Groups(hex.substring(compressed + 2));
		return left >= 0 && right >= 0 && left + right <= 7;
	}

	/** The number of colon-separated hexadecimal groups in {@code text}, -1 if one is malformed. */
	private static int ipv6Groups(String text) {
		if (text.isEmpty()) {
			return 0;
		}
		String[] groups = text.split(":", -1);
		for (String group : groups) {
			if (!IPV6_GROUP.matcher(group).matches()) {
				return -1;
			}
		}
		return groups.length;
	}

	private static boolean isDnsName(String address) {
		if (address.length() > 253 || address.endsWith(".")) {
			return false;
		}
		for (String label : address.split("\\.", -1)) {
			if (!DNS_LABEL.matcher(label).matches()) {
				return false;
			}
		}
		// a name ending in a label of digits is a malformed IPv4 address (10.0.0.256), not a host name
		return !address.substring(address.lastIndexOf('.') + 1).matches("\\d+");
	}

	public static String eksClusterName(String name) {
		if (name == null || !EKS_CLUSTER_NAME.matcher(name).matches()) {
			throw new InvalidInputException("invalid eks-cluster '" + printable(name)
					+ "': use 1-100 letters, digits, dashes and underscores, starting with a letter or digit");
		}
		return name;
	}

	public static String awsRegion(String region) {
		if (region == null || region.length() > 32 || !AWS_REGION.matcher(region).matches()) {
			throw new InvalidInputException("invalid region '" + printable(region)
					+ "': expected an AWS region such as eu-west-1");
		}
		return region;
	}

	public static String nodegroupName(String name) {
		if (name == null || !NODEGROUP_NAME.matcher(name).matches()) {
			throw new InvalidInputException("invalid node group name '" + printable(name)
					+ "': use 1-63 letters, digits, dashes and underscores, starting with a letter or digit");
		}
		return name;
	}

	/** Shows control characters in error messages instead of letting them reach the terminal. */
	public static String printable(String text) {
		if (text == null) {
			return "";
		}
		StringBuilder out = new StringBuilder();
		text.codePoints().forEach((c) -> {
			if (Character.isISOControl(c)) {
				out.append(String.format("\\x%02x", c));
			}
			else {
				out.appendCodePoint(c);
			}
		});
		return out.toString();
	}

}
