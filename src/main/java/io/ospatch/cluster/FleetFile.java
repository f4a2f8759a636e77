package io.ospatch.cluster;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a fleet file: a YAML document with a top-level {@code clusters:} list, each cluster with
 * its settings (the same names as the command-line options) and its {@code nodes:}.
 *
 * <pre>
 * clusters:
 *   - name: prod-eu-1
 *     kind: provisioned
 *     max-unavailable: 25%
 *     failure-budget: 1
 *     contacts: [secops@example.com]
 *     ssh-user: ubuntu
 *     ssh-key: /etc/ospatch/keys/prod-eu-1
 *     known-hosts: /etc/ospatch/known_hosts/prod-eu-1
 *     jump-host: ops@bastion.example.com:22
 *     inventory-vars: {ansible_become: "true"}
 *     nodes:
 *       - {name: cp-1, address: 10.0.0.10, role: control-plane}
 *       - {name: w-1, address: 10.0.0.21, port: 2222, role: worker, ssh-key: /etc/ospatch/keys/w-1}
 * </pre>
 *
 * Unknown keys are errors rather than ignored: a misspelt {@code max-unavailabe} must not silently
 * fall back to the default.
 */
public final class FleetFile {

	private static final Set<String> CLUSTER_KEYS = Set.of("name", "kind", "timezone", "patch-on-boot", "schedule",
			"max-unavailable", "failure-budget", "contacts", "ssh-user", "ssh-key", "known-hosts", "jump-host", "inventory-vars", "nodes");

	private static final Set<String> NODE_KEYS = Set.of("name", "address", "port", "role", "ssh-key");

	private FleetFile() {
	}

	/** @throws InvalidInputException naming the file and the place of the first problem */
	public static List<FleetEntry> read(Path file) {
		if (!Files.isRegularFile(file)) {
			throw new InvalidInputException("fleet file " + file + " does not exist or is not a file");
		}
		Object document;
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
		}
		catch (IOException | YAMLException ex) {
			throw new InvalidInputException("cannot read fleet file " + file + ": " + ex.getMessage());
		}
		try {
			return entries(document);
		}
		catch (InvalidInputException ex) {
			throw new InvalidInputException(file + ": " + ex.getMessage());
		}
	}

	private static List<FleetEntry> entries(Object document) {
		Map<String, Object> top = map(document, "the document");
		requireOnly(top, Set.of("clusters"), "the document");
		List<Object> clusters = list(top.get("clusters"), "clusters");
		if (clusters.isEmpty()) {
			throw new InvalidInputException("'clusters' lists no cluster");
		}
		List<FleetEntry> entries = new ArrayList<>();
		for (int i = 0; i < clusters.size(); i++) {
			entries.add(entry(map(clusters.get(i), "clusters[" + i + "]"), "clusters[" + i + "]"));
		}
		return entries;
	}

	private static FleetEntry entry(Map<String, Object> cluster, String where) {
		requireOnly(cluster, CLUSTER_KEYS, where);
		String name = required(cluster, "name", where);
		String at = where + " (" + name + ")";
		try {
			ClusterSettings settings = ClusterSettings.fromText(text(cluster, "kind"), text(cluster, "timezone"),
					bool(cluster, "patch-on-boot", at), text(cluster, "schedule"), text(cluster, "max-unavailable"),
					text(cluster, "failure-budget"), contacts(cluster.get("contacts"), at), text(cluster, "ssh-user"),
					text(cluster, "ssh-key"), text(cluster, "known-hosts"), text(cluster, "jump-host"), vars(cluster.get("inventory-vars"), at));
			List<NodeSpec> nodes = new ArrayList<>();
			List<Object> listed = (cluster.get("nodes") != null) ? list(cluster.get("nodes"), at + ".nodes") : List.of();
			for (int i = 0; i < listed.size(); i++) {
				nodes.add(node(map(listed.get(i), at + ".nodes[" + i + "]"), at + ".nodes[" + i + "]"));
			}
			return new FleetEntry(name, settings, nodes);
		}
		catch (InvalidInputException ex) {
			throw (ex.getMessage().startsWith(where)) ? ex : new InvalidInputException(at + ": " + ex.getMessage());
		}
	}

	private static NodeSpec node(Map<String, Object> node, String where) {
		requireOnly(node, NODE_KEYS, where);
		String name = required(node, "name", where);
		String role = required(node, "role", where + " (" + name + ")");
		Object port = node.get("port");
		if (port != null && !(port instanceof Integer)) {
			throw new InvalidInputException(where + " (" + name + "): port must be a number, not '" + port + "'");
		}
		String key = text(node, "ssh-key");
		try {
			return new NodeSpec(name, required(node, "address", where + " (" + name + ")"), (Integer) port,
					NodeRole.of(role), (key != null) ? InputRules.keyFile(Path.of(key)) : null);
		}
		catch (InvalidInputException ex) {
			throw new InvalidInputException(where + " (" + name + "): " + ex.getMessage());
		}
	}

	private static List<String> contacts(Object value, String where) {
		if (value == null) {
			return null;
		}
		if (value instanceof String text) {
			return ClusterSettings.splitContacts(text);
		}
		return list(value, where + ".contacts").stream().map(String::valueOf).toList();
	}

	private static Map<String, String> vars(Object value, String where) {
		if (value == null) {
			return null;
		}
		Map<String, String> vars = new LinkedHashMap<>();
		map(value, where + ".inventory-vars").forEach((name, varValue) -> vars.put(name, scalar(varValue, name)));
		return vars;
	}

	private static String required(Map<String, Object> map, String key, String where) {
		String value = text(map, key);
		if (value == null || value.isBlank()) {
			throw new InvalidInputException(where + ": '" + key + "' is required");
		}
		return value;
	}

	private static String text(Map<String, Object> map, String key) {
		Object value = map.get(key);
		return (value != null) ? scalar(value, key) : null;
	}

	private static String scalar(Object value, String key) {
		if (value instanceof Map || value instanceof List) {
			throw new InvalidInputException("'" + key + "' must be a single value");
		}
		return String.valueOf(value);
	}

	private static Boolean bool(Map<String, Object> map, String key, String where) {
		Object value = map.get(key);
		if (value == null || value instanceof Boolean) {
			return (Boolean) value;
		}
		throw new InvalidInputException(where + ": '" + key + "' must be true or false, not '" + value + "'");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value, String where) {
		if (!(value instanceof Map<?, ?> map)) {
			throw new InvalidInputException(where + " must be a mapping");
		}
		for (Object key : map.keySet()) {
			if (!(key instanceof String)) {
				throw new InvalidInputException(where + ": key '" + key + "' must be text");
			}
		}
		return (Map<String, Object>) map;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Object value, String where) {
		if (!(value instanceof List<?> list)) {
			throw new InvalidInputException("'" + where + "' must be a list");
		}
		return (List<Object>) list;
	}

	private static void requireOnly(Map<String, Object> map, Set<String> allowed, String where) {
		for (String key : map.keySet()) {
			if (!allowed.contains(key)) {
				throw new InvalidInputException(where + ": unknown key '" + InputRules.printable(key) + "' (known: "
						+ String.join(", ", allowed.stream().sorted().toList()) + ")");
			}
		}
	}

}
