package io.ospatch.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

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
 *     kubeconfig: /etc/ospatch/kube/prod-eu-1.yaml   # or in-cluster; what 'ospatch sync' reads nodes with
 *     kube-context: prod-eu-1-admin
 *     maintenance-window: 4h        # no chunk starts later than 4 h after the fire time (or the launch)
 *     drain-emptydir-data: false    # drains may evict pods with emptyDir data
 *     webhook-url: https://hooks.example.com/ospatch   # called on each run's start and end
 *     webhook-secret-file: /etc/ospatch/webhook/prod-eu-1   # owner-only; signs the calls
 *     nodes:
 *       - {name: cp-1, address: 10.0.0.10, role: control-plane}
 *       - {name: w-1, address: 10.0.0.21, port: 2222, role: worker, ssh-key: /etc/ospatch/keys/w-1}
 *   - name: shop-eks
 *     kind: eks
 *     eks-cluster: shop-prod        # the EKS cluster's name
 *     region: eu-west-1
 *     nodegroups: [general, batch]  # default: every managed node group
 *     eks-force: false              # updates may evict pods past their PodDisruptionBudgets
 * </pre>
 *
 * Every value is read as the text written, then as the type its key expects: YAML 1.1 would turn
 * a node {@code 010} into 8, a cluster {@code 0123} into 83 and {@code no} into false. Only
 * {@code ~}, {@code null} and an empty value mean "not given". Unknown and duplicate keys are
 * errors rather than ignored: a misspelt {@code max-unavailabe} must not silently fall back to the
 * default, nor a second {@code address:} silently win.
 */
public final class FleetFile {

	/**
	 * Some 12,000 nodes; larger fleets are split into several files. Checked before a byte is
	 * parsed: SnakeYAML's time grows with the square of a line's length (one line of 1 MB: about
	 * a second; of 60 MB: minutes and gigabytes).
	 */
	static final long MAX_BYTES = 1024 * 1024;

	private static final Set<String> CLUSTER_KEYS = Set.of("name", "kind", "timezone", "patch-on-boot", "schedule",
			"max-unavailable", "failure-budget", "contacts", "ssh-user", "ssh-key", "known-hosts", "jump-host", "become-password-file", "inventory-vars", "kubeconfig", "kube-context", "maintenance-window",
			"drain-emptydir-data", "eks-cluster", "region", "nodegroups", "eks-force", "webhook-url", "webhook-secret-file",
			"nodes");

	private static final Set<String> NODE_KEYS = Set.of("name", "address", "port", "role", "ssh-key");

	private static final Pattern PORT = Pattern.compile("[1-9][0-9]{0,4}");

	private static final Pattern TRUE = Pattern.compile("true|True|TRUE");

	private static final Pattern FALSE = Pattern.compile("false|False|FALSE");

	private FleetFile() {
	}

	/** @throws InvalidInputException naming the file and the place of the first problem */
	public static List<FleetEntry> read(Path file) {
		String name = InputRules.printable(file.toString());
		if (!Files.isRegularFile(file)) {
			throw new InvalidInputException("fleet file " + name + " does not exist or is not a file");
		}
		Node document;
		try {
			document = compose(text(file));
		}
		catch (IOException ex) {
			throw new InvalidInputException("cannot read fleet file " + name + ": " + oneLine(ex.getMessage()));
		}
		catch (MarkedYAMLException ex) {
			throw new InvalidInputException(name + ": " + at(ex.getProblemMark()) + "not valid YAML: "
					+ oneLine((ex.getProblem() != null) ? ex.getProblem() : ex.getContext()));
		}
		catch (YAMLException ex) {
			throw new InvalidInputException(name + ": not valid YAML: " + oneLine(ex.getMessage()));
		}
		try {
			return entries(document);
		}
		catch (InvalidInputException ex) {
			throw new InvalidInputException(name + ": " + ex.getMessage());
		}
	}

	/** The file as text, refused unread when too large; a file that grows while read is cut off and refused too. */
	private static String text(Path file) throws IOException {
		if (Files.size(file) > MAX_BYTES) {
			throw tooLarge(file);
		}
		byte[] bytes;
		try (InputStream in = Files.newInputStream(file)) {
			bytes = in.readNBytes((int) MAX_BYTES + 1);
		}
		if (bytes.length > MAX_BYTES) {
			throw tooLarge(file);
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new InvalidInputException("fleet file " + InputRules.printable(file.toString()) + " is not UTF-8 text");
		}
	}

	private static InvalidInputException tooLarge(Path file) {
		return new InvalidInputException("fleet file " + InputRules.printable(file.toString()) + " is larger than "
				+ (MAX_BYTES / 1024 / 1024) + " MB; split the fleet into several files");
	}

	/** The document's node tree; no value is converted to anything but text. */
	private static Node compose(String text) {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		options.setCodePointLimit((int) MAX_BYTES);
		Composer composer = new Composer(new ParserImpl(new StreamReader(text), options), new NullOnlyResolver(),
				options);
		return composer.getSingleNode();
	}

	private static List<FleetEntry> entries(Node document) {
		if (document == null) {
			throw new InvalidInputException("the file is empty; expected a 'clusters:' list");
		}
		Map<String, Node> top = mapping(document, "the document");
		requireOnly(top, Set.of("clusters"), "the document");
		List<Node> clusters = sequence(top.get("clusters"), "clusters");
		if (clusters.isEmpty()) {
			throw new InvalidInputException("'clusters' lists no cluster");
		}
		List<FleetEntry> entries = new ArrayList<>();
		for (int i = 0; i < clusters.size(); i++) {
			entries.add(entry(mapping(clusters.get(i), "clusters[" + i + "]"), "clusters[" + i + "]"));
		}
		return entries;
	}

	private static FleetEntry entry(Map<String, Node> cluster, String where) {
		requireOnly(cluster, CLUSTER_KEYS, where);
		String name = required(cluster, "name", where);
		String at = where + " (" + InputRules.printable(name) + ")";
		try {
			ClusterSettings settings = ClusterSettings.fromText(text(cluster, "kind", at), text(cluster, "timezone", at),
					bool(cluster, "patch-on-boot", at), text(cluster, "schedule", at),
					text(cluster, "max-unavailable", at), text(cluster, "failure-budget", at),
					contacts(cluster.get("contacts"), at), text(cluster, "ssh-user", at), text(cluster, "ssh-key", at),
					text(cluster, "known-hosts", at), text(cluster, "jump-host", at),
					text(cluster, "become-password-file", at), vars(cluster.get("inventory-vars"), at),
					text(cluster, "kubeconfig", at), text(cluster, "kube-context", at),
					text(cluster, "maintenance-window", at), bool(cluster, "drain-emptydir-data", at),
					text(cluster, "eks-cluster", at), text(cluster, "region", at), nodegroups(cluster.get("nodegroups"), at),
					bool(cluster, "eks-force", at))
				.withWebhook(text(cluster, "webhook-url", at), text(cluster, "webhook-secret-file", at));
			List<NodeSpec> nodes = new ArrayList<>();
			List<Node> listed = given(cluster.get("nodes")) ? sequence(cluster.get("nodes"), at + ".nodes") : List.of();
			for (int i = 0; i < listed.size(); i++) {
				nodes.add(node(mapping(listed.get(i), at + ".nodes[" + i + "]"), at + ".nodes[" + i + "]"));
			}
			return new FleetEntry(name, settings, nodes);
		}
		catch (InvalidInputException ex) {
			throw (ex.getMessage().startsWith(where)) ? ex : new InvalidInputException(at + ": " + ex.getMessage());
		}
	}

	private static NodeSpec node(Map<String, Node> node, String where) {
		requireOnly(node, NODE_KEYS, where);
		String name = required(node, "name", where);
		String at = where + " (" + InputRules.printable(name) + ")";
		String role = required(node, "role", at);
		String key = text(node, "ssh-key", at);
		try {
			return new NodeSpec(name, required(node, "address", at), port(node, at), NodeRole.of(role),
					(key != null) ? InputRules.keyFile(key) : null);
		}
		catch (InvalidInputException ex) {
			throw (ex.getMessage().startsWith(where)) ? ex : new InvalidInputException(at + ": " + ex.getMessage());
		}
	}

	private static Integer port(Map<String, Node> node, String where) {
		String port = text(node, "port", where);
		if (port == null) {
			return null;
		}
		if (!PORT.matcher(port).matches()) {
			throw new InvalidInputException(where + ": " + at(node.get("port").getStartMark())
					+ "port must be a number from 1 to 65535 written in decimal, not '" + InputRules.printable(port) + "'");
		}
		return InputRules.port(Integer.parseInt(port));
	}

	private static List<String> contacts(Node value, String where) {
		if (!given(value)) {
			return null;
		}
		if (value instanceof ScalarNode) {
			return ClusterSettings.splitContacts(scalar(value, "contacts", where));
		}
		List<String> contacts = new ArrayList<>();
		for (Node contact : sequence(value, where + ".contacts")) {
			if (given(contact)) {
				contacts.add(scalar(contact, "contacts", where));
			}
		}
		return contacts;
	}

	private static List<String> nodegroups(Node value, String where) {
		if (!given(value)) {
			return null;
		}
		if (value instanceof ScalarNode) {
			return ClusterSettings.splitNodegroups(scalar(value, "nodegroups", where));
		}
		List<String> nodegroups = new ArrayList<>();
		for (Node nodegroup : sequence(value, where + ".nodegroups")) {
			nodegroups.add(scalar(nodegroup, "nodegroups", where));
		}
		return nodegroups;
	}

	private static Map<String, String> vars(Node value, String where) {
		if (!given(value)) {
			return null;
		}
		Map<String, String> vars = new LinkedHashMap<>();
		mapping(value, where + ".inventory-vars").forEach((name, varValue) -> vars.put(name,
				given(varValue) ? scalar(varValue, name, where) : ""));
		return vars;
	}

	private static String required(Map<String, Node> map, String key, String where) {
		String value = text(map, key, where);
		if (value == null || value.isBlank()) {
			throw new InvalidInputException(where + ": '" + key + "' is required");
		}
		return value;
	}

	/** The value as written, or {@code null} when not given. */
	private static String text(Map<String, Node> map, String key, String where) {
		Node value = map.get(key);
		return given(value) ? scalar(value, key, where) : null;
	}

	private static String scalar(Node value, String key, String where) {
		if (!(value instanceof ScalarNode scalar)) {
			throw new InvalidInputException(where + ": " + at(value.getStartMark()) + "'" + key + "' must be a single value");
		}
		if (!scalar.getTag().equals(Tag.STR)) {
			throw new InvalidInputException(where + ": " + at(value.getStartMark()) + "'" + key + "': the tag "
					+ InputRules.printable(scalar.getTag().getValue()) + " is not supported; write the value plainly");
		}
		return scalar.getValue();
	}

	private static Boolean bool(Map<String, Node> map, String key, String where) {
		String value = text(map, key, where);
		if (value == null) {
			return null;
		}
		if (TRUE.matcher(value).matches() || FALSE.matcher(value).matches()) {
			return TRUE.matcher(value).matches();
		}
		throw new InvalidInputException(where + ": " + at(map.get(key).getStartMark()) + "'" + key
				+ "' must be true or false, not '" + InputRules.printable(value) + "'");
	}

	/** Not absent and not written as {@code ~}, {@code null} or nothing. */
	private static boolean given(Node value) {
		return value != null && !value.getTag().equals(Tag.NULL);
	}

	private static Map<String, Node> mapping(Node value, String where) {
		if (!(value instanceof MappingNode mapping)) {
			throw new InvalidInputException(where + " must be a mapping");
		}
		Map<String, Node> map = new LinkedHashMap<>();
		Map<String, Mark> seen = new LinkedHashMap<>();
		for (NodeTuple tuple : mapping.getValue()) {
			Node keyNode = tuple.getKeyNode();
			if (!(keyNode instanceof ScalarNode key) || !given(keyNode)) {
				throw new InvalidInputException(where + ": " + at(keyNode.getStartMark()) + "a key must be text");
			}
			Mark first = seen.putIfAbsent(key.getValue(), keyNode.getStartMark());
			if (first != null) {
				throw new InvalidInputException(where + ": " + at(keyNode.getStartMark()) + "duplicate key '"
						+ InputRules.printable(key.getValue()) + "' (first at line " + (first.getLine() + 1) + ")");
			}
			map.put(key.getValue(), tuple.getValueNode());
		}
		return map;
	}

	private static List<Node> sequence(Node value, String where) {
		if (!(value instanceof SequenceNode sequence)) {
			throw new InvalidInputException("'" + where + "' must be a list");
		}
		return sequence.getValue();
	}

	private static void requireOnly(Map<String, Node> map, Set<String> allowed, String where) {
		for (String key : map.keySet()) {
			if (!allowed.contains(key)) {
				throw new InvalidInputException(where + ": unknown key '" + InputRules.printable(key) + "' (known: "
						+ String.join(", ", allowed.stream().sorted().toList()) + ")");
			}
		}
	}

	private static String at(Mark mark) {
		return (mark != null) ? "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": " : "";
	}

	private static String oneLine(String message) {
		return InputRules.printable((message != null) ? message.replaceAll("\\s+", " ").strip() : "");
	}

	/**
	 * Resolves a plain scalar to null when YAML 1.2 says so, and everything else to text: no
	 * booleans, numbers, timestamps or merge keys behind the operator's back.
	 */
	private static final class NullOnlyResolver extends Resolver {

		@Override
		protected void addImplicitResolvers() {
			addImplicitResolver(Tag.NULL, EMPTY, null, 10);
			addImplicitResolver(Tag.NULL, Pattern.compile("^(?:~|null|Null|NULL)$"), "~nN", 10);
		}

	}

}
