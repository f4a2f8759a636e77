package io.ospatch.web.security;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

import io.ospatch.cluster.InputRules;
import io.ospatch.cluster.InvalidInputException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the users of the web console from a file, YAML ({@code .yaml}, {@code .yml}):
 *
 * <pre>
 * users:
 *   - name: alice
 *     password-hash: $2y$12$...   # bcrypt
 *     role: operator              # or viewer
 * </pre>
 *
 * or properties (any other name), one user a line, as Spring's in-memory users are written:
 * {@code alice=$2y$12$...,operator}. Every user is checked before any is used: a name that is not
 * a plain login name, a hash that is not bcrypt, an unknown role or a name given twice refuses the
 * whole file, with one line naming the file and the user (never the hash).
 */
final class UsersFile {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

	/** What Spring Security's BCryptPasswordEncoder accepts: versions 2a, 2b and 2y, cost 4 to 31. */
	private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");

	private static final String MAKE_A_HASH = "make one with: htpasswd -nbBC 12 '' 'PASSWORD' | cut -d: -f2";

	private UsersFile() {
	}

	static List<WebUser> read(Path file) {
		List<WebUser> users = new ArrayList<>();
		try {
			for (Map.Entry<String, String[]> entry : entries(file)) {
				users.add(user(file, entry.getKey(), entry.getValue()));
			}
		}
		catch (NoSuchFileException ex) {
			throw new InvalidInputException("users file " + file + " does not exist (OSPATCH_WEB_USERS_FILE)");
		}
		catch (IOException ex) {
			throw new InvalidInputException("users file " + file + " cannot be read: " + ex.getMessage());
		}
		Set<String> names = new HashSet<>();
		for (WebUser user : users) {
			if (!names.add(user.name())) {
				throw new InvalidInputException("users file " + file + ": user '" + user.name() + "' appears twice");
			}
		}
		return users;
	}

	private static WebUser user(Path file, String name, String[] hashAndRole) {
		String where = "users file " + file + ": ";
		if (name == null || !NAME.matcher(name).matches()) {
			throw new InvalidInputException(where + "user '" + InputRules.printable(name)
					+ "': a name is letters, digits and . _ @ - (up to 64)");
		}
		String hash = hashAndRole[0];
		if (hash == null || !BCRYPT.matcher(hash).matches()) {
			throw new InvalidInputException(where + "user '" + name + "': its password-hash is not a bcrypt hash "
					+ "($2a$, $2b$ or $2y$, 60 characters); " + MAKE_A_HASH);
		}
		try {
			return new WebUser(name, hash, Role.of(hashAndRole[1]));
		}
		catch (InvalidInputException ex) {
			throw new InvalidInputException(where + "user '" + name + "': " + ex.getMessage());
		}
	}

	/** Per user, its name and then its hash and role, in the file's order. */
	private static List<Map.Entry<String, String[]>> entries(Path file) throws IOException {
		String fileName = file.getFileName().toString();
		try (Reader reader = Files.newBufferedReader(file)) {
			if (fileName.endsWith(".yaml") || fileName.endsWith(".yml")) {
				return yamlEntries(file, reader);
			}
			Properties properties = new Properties();
			properties.load(reader);
			List<Map.Entry<String, String[]>> entries = new ArrayList<>();
			properties.stringPropertyNames().stream().sorted().forEach((name) -> {
				String[] parts = properties.getProperty(name).split(",", -1);
				if (parts.length != 2) {
					throw new InvalidInputException("users file " + file + ": user '" + InputRules.printable(name)
							+ "': expected NAME=BCRYPT-HASH,ROLE");
				}
				entries.add(Map.entry(name, new String[] { parts[0].strip(), parts[1].strip() }));
			});
			return entries;
		}
	}

	private static List<Map.Entry<String, String[]>> yamlEntries(Path file, Reader reader) {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		Object document;
		try {
			document = new Yaml(new SafeConstructor(options)).load(reader);
		}
		catch (YAMLException ex) {
			throw new InvalidInputException("users file " + file + " is not valid YAML: "
					+ ex.getMessage().strip().lines().findFirst().orElse(""));
		}
		if (document == null) {
			return List.of();
		}
		if (!(document instanceof Map<?, ?> top) || !(top.get("users") instanceof List<?> list) || top.size() != 1) {
			throw new InvalidInputException("users file " + file
					+ ": expected a list 'users:' of entries with name, password-hash and role");
		}
		List<Map.Entry<String, String[]>> entries = new ArrayList<>();
		for (Object item : list) {
			if (!(item instanceof Map<?, ?> user) || !Set.of("name", "password-hash", "role").containsAll(user.keySet())) {
				throw new InvalidInputException(
						"users file " + file + ": each user has name, password-hash and role, and nothing else");
			}
			entries.add(Map.entry(String.valueOf(user.get("name")),
					new String[] { text(user.get("password-hash")), text(user.get("role")) }));
		}
		return entries;
	}

	private static String text(Object value) {
		return (value != null) ? value.toString() : null;
	}

}
