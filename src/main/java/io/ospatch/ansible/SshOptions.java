package io.ospatch.ansible;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How SSH reaches a host beyond address, port, user and key, as ospatch's own settings: ospatch
 * turns them into SSH options itself ({@link #arguments()}), so nobody hands SSH raw arguments.
 *
 * @param knownHosts the known-hosts file to check host keys against, strictly; {@code null} for
 * SSH's own files and Ansible's host key checking
 * @param jumpHost {@code [user@]host[:port]} for SSH's ProxyJump, {@code null} for none
 */
public record SshOptions(Path knownHosts, String jumpHost) {

	/** An absolute path of plain characters: no space to start a second file, no % or ~ to expand. */
	private static final Pattern SAFE_PATH = Pattern.compile("(/[A-Za-z0-9._+-]+)+");

	/**
	 * A user@ part, a host name, an IPv4 address or a bracketed IPv6 address and a :port part, none
	 * of which starts with '-': callers validate each part more strictly, this is the last line.
	 */
	private static final Pattern SAFE_JUMP_HOST = Pattern
		.compile("([a-z_][a-z0-9_-]{0,31}@)?([A-Za-z0-9][A-Za-z0-9.-]{0,252}|\\[[0-9A-Fa-f:.%]{2,60}\\])(:[0-9]{1,5})?");

	private static final SshOptions NONE = new SshOptions(null, null);

	public SshOptions {
		if (knownHosts != null && !SAFE_PATH.matcher(knownHosts.toString()).matches()) {
			throw new IllegalArgumentException("known-hosts file " + AnsibleVars.quote(knownHosts.toString())
					+ " is not allowed: use an absolute path of letters, digits and . _ + - / only");
		}
		if (jumpHost != null && !SAFE_JUMP_HOST.matcher(jumpHost).matches()) {
			throw new IllegalArgumentException(
					"jump host " + AnsibleVars.quote(jumpHost) + " is not allowed: expected [user@]host[:port]");
		}
	}

	public static SshOptions none() {
		return NONE;
	}

	/**
	 * The SSH options, one token each, none with a space or a quote, so the shell-like splitting
	 * Ansible applies to {@code ansible_ssh_common_args} yields exactly these tokens.
	 */
	public List<String> arguments() {
		List<String> arguments = new ArrayList<>();
		if (this.knownHosts != null) {
			arguments.add("-o");
			arguments.add("UserKnownHostsFile=" + this.knownHosts);
			arguments.add("-o");
			arguments.add("StrictHostKeyChecking=yes");
		}
		if (this.jumpHost != null) {
			arguments.add("-o");
			arguments.add("ProxyJump=" + this.jumpHost);
		}
		return List.copyOf(arguments);
	}

}
