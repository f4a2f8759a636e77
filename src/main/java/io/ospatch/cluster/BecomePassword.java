package io.ospatch.cluster;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A cluster's become (sudo) password, given by reference: an owner-only file read when a playbook
 * runs. The password never enters the database, a log or an error message; only the run's private
 * extra-vars file holds it, as {@value #VARIABLE}.
 */
public final class BecomePassword {

	/** The Ansible variable the password is passed as. */
	public static final String VARIABLE = "ansible_become_password";

	private static final Pattern TEMPLATE_DELIMITER = Pattern.compile("\\{\\{|\\{%|\\{#");

	private BecomePassword() {
	}

	/**
	 * The file as given on the command line or in a fleet file, checked as {@link #read} checks it.
	 * @throws InvalidInputException naming the file and what is wrong with it, never its content
	 */
	public static Path file(String path) {
		Path file;
		try {
			file = Path.of(path).toAbsolutePath().normalize();
		}
		catch (InvalidPathException ex) {
			throw new InvalidInputException("invalid become password file '" + InputRules.printable(path) + "'");
		}
		read(file);
		return file;
	}

	/**
	 * Reads the password: the file's first line. The file must be a regular file that only its owner
	 * may read, and the password one line without Jinja delimiters (Ansible would run it as a template).
	 * @throws InvalidInputException naming the file and what is wrong with it, never its content
	 */
	public static String read(Path file) {
		String name = "become password file " + InputRules.printable(file.toString());
		String content = OwnerOnlyFiles.read(file, name);
		String password = content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
				: content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
		if (password.isEmpty()) {
			throw new InvalidInputException(name + " is empty");
		}
		if (password.chars().anyMatch((c) -> c == '\n' || c == '\r' || c == 0)) {
			throw new InvalidInputException(name + " holds more than one line: the password is its only line");
		}
		if (TEMPLATE_DELIMITER.matcher(password).find()) {
			throw new InvalidInputException(name
					+ " holds a Jinja delimiter ({{, {% or {#), which Ansible would run as a template");
		}
		return password;
	}

}
