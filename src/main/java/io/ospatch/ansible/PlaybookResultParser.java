package io.ospatch.ansible;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads the report ansible-playbook prints with {@code ANSIBLE_STDOUT_CALLBACK=json} into one
 * {@link HostOutcome} per host.
 * <p>
 * A tolerant reader: it takes the fields of the playbook contract it needs ({@code stats},
 * {@code custom_stats[host].ospatch}, the task results under {@code plays[].tasks[].hosts}) and
 * ignores everything else, so that newer playbooks and Ansible versions may add fields.
 */
final class PlaybookResultParser {

	private static final int REPORT_EXCERPT_LENGTH = 200;

	private static final Pattern CVE_ID = Pattern.compile("CVE-\\d{4}-\\d{4,7}");

	private final ObjectMapper json;

	PlaybookResultParser(ObjectMapper json) {
		this.json = json;
	}

	/**
	 * Reads the outcome of each of {@code hosts} from ansible-playbook's stdout.
	 * @return one outcome per host, in the order given
	 * @throws IllegalArgumentException when stdout is not the json callback's report, or breaks the
	 * playbook contract
	 */
	Map<String, HostOutcome> parse(String stdout, List<String> hosts) {
		JsonNode report = readReport(stdout);
		Map<String, HostOutcome> outcomes = new LinkedHashMap<>();
		for (String host : hosts) {
			outcomes.put(host, outcome(report, host));
		}
		return outcomes;
	}

	private JsonNode readReport(String stdout) {
		int start = reportStart(stdout);
		if (start < 0) {
			throw new IllegalArgumentException("ansible-playbook printed no JSON report: " + excerpt(stdout));
		}
		JsonNode report;
		try {
			report = this.json.readTree(stdout.substring(start));
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(
					"ansible-playbook's report is not valid JSON: " + ex.getOriginalMessage(), ex);
		}
		if (report == null || !report.path("stats").isObject()) {
			throw new IllegalArgumentException(
					"ansible-playbook's output is not the json callback's report (no 'stats'): " + excerpt(stdout));
		}
		return report;
	}

	// The report is the only thing the json callback prints, but a plugin or a wrapper script may
	// print a line before it; the report starts with the first line that opens an object.
	private static int reportStart(String stdout) {
		if (stdout.startsWith("{")) {
			return 0;
		}
		int newline = stdout.indexOf("\n{");
		return (newline >= 0) ? newline + 1 : -1;
	}

	private static HostOutcome outcome(JsonNode report, String host) {
		JsonNode stats = report.path("stats").path(host);
		OsPatchFacts facts = facts(report.path("custom_stats").path(host).path("ospatch"), host);
		if (!stats.isObject()) {
			return new HostOutcome(host, HostStatus.FAILED, facts, "no result from ansible-playbook for host " + host);
		}
		if (stats.path("unreachable").asInt(0) > 0) {
			String message = lastResult(report, host, (result) -> result.path("unreachable").asBoolean(false))
				.map((result) -> text(result.result().path("msg")))
				.orElse("host " + host + " was unreachable");
			return new HostOutcome(host, HostStatus.UNREACHABLE, facts, message);
		}
		// A report of status failed wins over stats that count no failure: the playbook is the one
		// that knows its upgrade did not complete.
		if (stats.path("failures").asInt(0) > 0 || (facts != null && facts.status() == PatchStatus.FAILED)) {
			return new HostOutcome(host, HostStatus.FAILED, facts, failure(report, host, facts));
		}
		return new HostOutcome(host, HostStatus.OK, facts, null);
	}

	private static String failure(JsonNode report, String host, OsPatchFacts facts) {
		if (facts != null && facts.error() != null) {
			return facts.error();
		}
		return lastResult(report, host, (result) -> result.path("failed").asBoolean(false))
			.map(PlaybookResultParser::failureMessage)
			.orElse("ansible-playbook counted a failure for host " + host + " but reported no failed task");
	}

	private static String failureMessage(TaskResult failed) {
		String message = text(failed.result().path("msg"));
		String stderr = Optional.ofNullable(text(failed.result().path("stderr")))
			.orElse(text(failed.result().path("module_stderr")));
		if (message != null && stderr != null) {
			return message + ": " + stderr.strip();
		}
		if (message != null || stderr != null) {
			return (message != null) ? message : stderr.strip();
		}
		return "task '" + failed.taskName() + "' failed";
	}

	private static Optional<TaskResult> lastResult(JsonNode report, String host, Predicate<JsonNode> matching) {
		TaskResult last = null;
		for (JsonNode play : report.path("plays")) {
			for (JsonNode task : play.path("tasks")) {
				JsonNode result = task.path("hosts").path(host);
				if (result.isObject() && matching.test(result)) {
					last = new TaskResult(text(task.path("task").path("name")), result);
				}
			}
		}
		return Optional.ofNullable(last);
	}

	private static OsPatchFacts facts(JsonNode block, String host) {
		if (!block.isObject()) {
			return null;
		}
		PatchStatus status;
		try {
			status = PatchStatus.fromContractValue(text(block.path("status")));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("host " + host + ": " + ex.getMessage(), ex);
		}
		return new OsPatchFacts(status, osVersion(block.path("before")), osVersion(block.path("after")),
				text(block.path("target_version")), packages(block.path("packages")), texts(block.path("held")),
				block.path("rebooted").asBoolean(false), block.path("reboot_required").asBoolean(false),
				text(block.path("error")), text(block.path("failed_task")));
	}

	private static OsVersion osVersion(JsonNode version) {
		if (!version.isObject()) {
			return null;
		}
		return new OsVersion(text(version.path("distribution")), text(version.path("os_family")),
				text(version.path("version")), text(version.path("kernel")));
	}

	private static List<PackageChange> packages(JsonNode packages) {
		List<PackageChange> changes = new ArrayList<>();
		for (JsonNode change : packages) {
			String name = text(change.path("name"));
			if (name != null) {
				changes.add(new PackageChange(name, text(change.path("from")), text(change.path("to")),
						change.path("security").asBoolean(false), cves(change.path("cves"))));
			}
		}
		return changes;
	}

	/**
	 * The CVE ids of a package change (format 2; none in format 1). What a node sends is checked:
	 * anything that is not a CVE id is dropped, so that only ids reach the records.
	 */
	private static List<String> cves(JsonNode array) {
		return texts(array).stream().filter((id) -> CVE_ID.matcher(id).matches()).distinct().sorted().toList();
	}

	private static List<String> texts(JsonNode array) {
		List<String> texts = new ArrayList<>();
		for (JsonNode item : array) {
			String text = text(item);
			if (text != null) {
				texts.add(text);
			}
		}
		return texts;
	}

	/** A scalar as text, a structure as its JSON; {@code null} for absent, null or blank. */
	private static String text(JsonNode node) {
		if (node.isMissingNode() || node.isNull()) {
			return null;
		}
		String text = node.isValueNode() ? node.asString() : node.toString();
		return text.isBlank() ? null : text;
	}

	private static String excerpt(String stdout) {
		String stripped = stdout.strip();
		if (stripped.isEmpty()) {
			return "(nothing)";
		}
		return AnsibleVars.quote((stripped.length() <= REPORT_EXCERPT_LENGTH) ? stripped
				: stripped.substring(0, REPORT_EXCERPT_LENGTH) + "...");
	}

	private record TaskResult(String taskName, JsonNode result) {
	}

}
