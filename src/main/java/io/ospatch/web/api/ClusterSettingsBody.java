package io.ospatch.web.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.ospatch.cluster.ClusterSettings;
import io.ospatch.cluster.InputRules;
import io.ospatch.cluster.InventoryVars;
import io.ospatch.cluster.InvalidInputException;

/**
 * A cluster's settings as the API takes them, a JSON object ({@link ClusterSettingsRequest}), turned
 * into the {@link ClusterSettings} that {@code cluster add} and {@code cluster set} build from their
 * options — the same {@link ClusterSettings#fromText} and so the same rules and messages. Only the
 * JSON itself (its shape and types) is checked here.
 * <p>
 * A change is a JSON merge patch (RFC 7396): a member left out is not changed; {@code null} clears an
 * optional setting, as {@code none} does on the command line (the text {@code "none"} works too); in
 * {@code inventoryVars}, a variable given sets it and one given {@code null} removes it, the others
 * stay ({@code inventoryVars: null} removes them all); {@code eks: null} clears every EKS setting,
 * {@code webhook: null} the webhook with its secret file. A setting that cannot be cleared (kind,
 * timezone, max-unavailable, …) given {@code null} is refused. For a new cluster {@code null} is the
 * same as leaving the member out: the default.
 */
final class ClusterSettingsBody {

	/** The members that are settings, and whether {@code null} may clear them. */
	private static final Map<String, Boolean> CLEARABLE = clearable();

	private static final Set<String> EKS_MEMBERS = Set.of("cluster", "region", "nodegroups", "force");

	private static final Set<String> WEBHOOK_MEMBERS = Set.of("url", "secretFile");

	private static final String NONE = ClusterSettings.NONE;

	private final Map<String, Object> body;

	private final boolean creating;

	private ClusterSettingsBody(Map<String, Object> body, boolean creating) {
		this.body = (body != null) ? body : Map.of();
		this.creating = creating;
	}

	/**
	 * The settings of a new cluster, with its name.
	 * @throws InvalidInputException naming the first bad member
	 */
	static ClusterSettingsBody forNewCluster(Map<String, Object> body) {
		return new ClusterSettingsBody(body, true);
	}

	/**
	 * Changes to cluster {@code name}: {@code name}, if given, must be it (clusters are not renamed).
	 * @throws InvalidInputException naming the first bad member
	 */
	static ClusterSettingsBody forChange(String name, Map<String, Object> body) {
		ClusterSettingsBody change = new ClusterSettingsBody(body, false);
		Object given = change.body.get("name");
		if (change.body.containsKey("name") && !name.equals(given)) {
			throw new InvalidInputException("name: a cluster is not renamed; remove it and add it under the new name");
		}
		return change;
	}

	/** The new cluster's name, as given: the service checks it. */
	String name() {
		return (this.body.get("name") instanceof String name) ? name : null;
	}

	ClusterSettings settings() {
		for (String member : this.body.keySet()) {
			if (!member.equals("name") && !CLEARABLE.containsKey(member)) {
				throw new InvalidInputException("unknown setting '" + InputRules.printable(member) + "': the settings are "
						+ String.join(", ", CLEARABLE.keySet()));
			}
		}
		if (this.creating && this.body.containsKey("name") && !(this.body.get("name") instanceof String)) {
			throw new InvalidInputException("name: expected a string");
		}
		Map<String, Object> eks = object("eks", EKS_MEMBERS);
		Map<String, Object> webhook = object("webhook", WEBHOOK_MEMBERS);
		boolean eksCleared = cleared("eks");
		boolean webhookCleared = cleared("webhook");
		List<String> nodegroups = (eks != null) ? list("eks.nodegroups", eks, true) : null;
		return ClusterSettings
			.fromText(text("kind"), text("timezone"), bool("patchOnBoot", this.body), text("schedule"),
					countOrPercent("maxUnavailable"), countOrPercent("failureBudget"), list("contacts", this.body, true),
					text("sshUser"), text("sshKey"), text("knownHosts"), text("jumpHost"), text("becomePasswordFile"),
					cleared("inventoryVars") ? Map.of() : null, text("kubeconfig"), text("kubeContext"),
					text("maintenanceWindow"), bool("drainDeleteEmptyDirData", this.body),
					eksCleared ? NONE : (eks != null) ? text("eks.cluster", eks, false) : null,
					(eks != null) ? text("eks.region", eks, false) : null,
					(eks != null && eks.containsKey("nodegroups") && nodegroups == null) ? List.of(ClusterSettings.ALL)
							: nodegroups,
					(eks != null) ? bool("eks.force", eks) : null)
			.withInventoryVarEdits(inventoryVarEdits())
			.withWebhook(webhookCleared ? NONE : (webhook != null) ? text("webhook.url", webhook, true) : null,
					(webhook != null) ? text("webhook.secretFile", webhook, true) : null);
	}

	/** Whether {@code member} is given {@code null}, which clears it (nothing, for a new cluster). */
	private boolean cleared(String member) {
		return !this.creating && this.body.containsKey(member) && this.body.get(member) == null;
	}

	/** A text setting: {@code null} when not given; {@value ClusterSettings#NONE} when cleared. */
	private String text(String member) {
		return text(member, this.body, CLEARABLE.get(member));
	}

	private String text(String member, Map<String, Object> object, boolean clearable) {
		String key = member.substring(member.indexOf('.') + 1);
		if (!object.containsKey(key)) {
			return null;
		}
		Object value = object.get(key);
		if (value == null) {
			return clearedTo(member, clearable, NONE);
		}
		if (!(value instanceof String text)) {
			throw new InvalidInputException(member + ": expected a string" + (clearable ? " or null" : ""));
		}
		return text;
	}

	/** Counts may be given as numbers or as text ({@code 2}, {@code "25%"}). */
	private String countOrPercent(String member) {
		Object value = this.body.get(member);
		if (value instanceof Integer || value instanceof Long) {
			return value.toString();
		}
		if (value != null && !(value instanceof String)) {
			throw new InvalidInputException(member + ": expected a count (2) or a percent (\"25%\")");
		}
		return text(member);
	}

	private Boolean bool(String member, Map<String, Object> object) {
		String key = member.substring(member.indexOf('.') + 1);
		if (!object.containsKey(key)) {
			return null;
		}
		Object value = object.get(key);
		if (value == null) {
			clearedTo(member, false, null);
			return null;
		}
		if (!(value instanceof Boolean given)) {
			throw new InvalidInputException(member + ": expected true or false");
		}
		return given;
	}

	/** A list of strings; {@code null} clears it (to {@value ClusterSettings#NONE}) when {@code clearable}. */
	private List<String> list(String member, Map<String, Object> object, boolean clearable) {
		String key = member.substring(member.indexOf('.') + 1);
		if (!object.containsKey(key)) {
			return null;
		}
		Object value = object.get(key);
		if (value == null) {
			// nodegroups: null is all of them, which the caller says
			return member.equals("contacts") && !this.creating ? List.of(NONE) : null;
		}
		if (NONE.equals(value)) {
			// as on the command line
			return List.of(NONE);
		}
		if (!(value instanceof List<?> items) || items.stream().anyMatch((item) -> !(item instanceof String))) {
			throw new InvalidInputException(member + ": expected a list of strings" + (clearable ? " or null" : ""));
		}
		List<String> strings = new ArrayList<>();
		items.forEach((item) -> strings.add((String) item));
		return strings;
	}

	/** A nested object ({@code eks}, {@code webhook}) with only {@code members}; {@code null} when not given or null. */
	@SuppressWarnings("unchecked")
	private Map<String, Object> object(String member, Set<String> members) {
		Object value = this.body.get(member);
		if (value == null) {
			return null;
		}
		if (!(value instanceof Map<?, ?> object)) {
			throw new InvalidInputException(member + ": expected an object with " + String.join(", ", members.stream().sorted().toList()) + ", or null");
		}
		for (Object key : object.keySet()) {
			if (!members.contains(key)) {
				throw new InvalidInputException("unknown setting '" + member + "." + InputRules.printable(String.valueOf(key))
						+ "': " + member + " has " + String.join(", ", members.stream().sorted().toList()));
			}
		}
		return (Map<String, Object>) object;
	}

	/**
	 * {@code inventoryVars} as {@code --inventory-var} edits: a variable given sets it, one given
	 * {@code null} removes it. A credential-like variable given as the API shows it,
	 * {@code (hidden)}, is refused: a client that sends back what it read must not overwrite the secret.
	 */
	private Map<String, String> inventoryVarEdits() {
		Object value = this.body.get("inventoryVars");
		if (value == null) {
			return null;
		}
		if (!(value instanceof Map<?, ?> variables)) {
			throw new InvalidInputException("inventoryVars: expected an object of variable names and values, or null");
		}
		Map<String, String> edits = new HashMap<>();
		variables.forEach((name, given) -> {
			if (given != null && !(given instanceof String)) {
				throw new InvalidInputException("inventoryVars." + InputRules.printable(String.valueOf(name))
						+ ": expected a string, or null to remove it");
			}
			String hiddenAs = InventoryVars.shown((String) name, "");
			if (given != null && !hiddenAs.isEmpty() && given.equals(hiddenAs)) {
				throw new InvalidInputException("inventoryVars." + name + ": " + given
						+ " is how the API shows its value; give the value itself, or leave the variable out to keep it");
			}
			edits.put((String) name, (given != null) ? (String) given : "");
		});
		return edits;
	}

	/** {@code null} for a setting: cleared if it may be, the default for a new cluster, refused otherwise. */
	private <T> T clearedTo(String member, boolean clearable, T cleared) {
		if (this.creating) {
			return null;
		}
		if (!clearable) {
			throw new InvalidInputException(member + ": cannot be cleared; give a value (null clears only optional settings)");
		}
		return cleared;
	}

	private static Map<String, Boolean> clearable() {
		Map<String, Boolean> clearable = new LinkedHashMap<>();
		clearable.put("kind", false);
		clearable.put("timezone", false);
		clearable.put("patchOnBoot", false);
		clearable.put("schedule", true);
		clearable.put("maxUnavailable", false);
		clearable.put("failureBudget", false);
		clearable.put("maintenanceWindow", true);
		clearable.put("contacts", true);
		clearable.put("sshUser", true);
		clearable.put("sshKey", true);
		clearable.put("knownHosts", true);
		clearable.put("jumpHost", true);
		clearable.put("becomePasswordFile", true);
		clearable.put("inventoryVars", true);
		clearable.put("kubeconfig", true);
		clearable.put("kubeContext", true);
		clearable.put("drainDeleteEmptyDirData", false);
		clearable.put("eks", true);
		clearable.put("webhook", true);
		return clearable;
	}

}
