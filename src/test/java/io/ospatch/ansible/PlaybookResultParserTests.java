package io.ospatch.ansible;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The fixtures are real ansible-playbook output of the test playbooks, made by
 * {@code src/test/resources/ansible/fixtures/capture.sh}.
 */
class PlaybookResultParserTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final PlaybookResultParser parser = new PlaybookResultParser(this.json);

	@Test
	void patchedHostIsOkWithEverythingItReported() {
		Map<String, HostOutcome> outcomes = this.parser.parse(fixture("os-patch-patched.json"), List.of("node-patched"));

		HostOutcome outcome = outcomes.get("node-patched");
		assertThat(outcome.status()).isEqualTo(HostStatus.OK);
		assertThat(outcome.error()).isNull();
		assertThat(outcome.facts()).isEqualTo(new OsPatchFacts(PatchStatus.PATCHED,
				new OsVersion("Debian", "Debian", "12.10", "6.1.0-40-amd64"),
				new OsVersion("Debian", "Debian", "12.12", "6.1.0-41-amd64"), "12.12",
				List.of(new PackageChange("base-files", "12.4+deb12u10", "12.4+deb12u12", false, List.of()),
						new PackageChange("libssl3", "3.0.15-1~deb12u1", "3.0.17-1~deb12u2", true,
								List.of("CVE-2025-9230", "CVE-2025-9232")),
						new PackageChange("linux-image-6.1.0-41-amd64", null, "6.1.153-1", true, List.of())),
				List.of("kubelet", "kubectl"), true, false, null, null));
	}

	@Test
	void cveIdsThatAreNotCveIdsAreDroppedAndTheRestSortedOnce() {
		ObjectNode report = (ObjectNode) this.json.readTree(fixture("os-patch-patched.json"));
		ObjectNode libssl = (ObjectNode) report.path("custom_stats").path("node-patched").path("ospatch")
			.path("packages").path(1);
		libssl.putArray("cves")
			.add("CVE-2025-9232")
			.add("CVE-2025-9230")
			.add("CVE-2025-9232")
			.add("cve-2025-1234")
			.add("CVE-2025-9230; rm -rf /")
			.add("<img src=x onerror=alert(1)>")
			.add("CVE-25-1")
			.add("CVE-2025-123")
			.add("CVE-2025-12345678")
			.add(42)
			.addNull()
			.addObject()
			.put("id", "CVE-2025-0001");

		HostOutcome outcome = this.parser.parse(report.toString(), List.of("node-patched")).get("node-patched");

		assertThat(outcome.facts().packages().get(1).cves()).containsExactly("CVE-2025-9230", "CVE-2025-9232");
	}

	@Test
	void cvesThatAreNotAListGiveNone() {
		ObjectNode report = (ObjectNode) this.json.readTree(fixture("os-patch-patched.json"));
		ObjectNode libssl = (ObjectNode) report.path("custom_stats").path("node-patched").path("ospatch")
			.path("packages").path(1);
		libssl.put("cves", "CVE-2025-9230");

		HostOutcome outcome = this.parser.parse(report.toString(), List.of("node-patched")).get("node-patched");

		assertThat(outcome.facts().packages().get(1).cves()).isEmpty();
	}

	@Test
	void formatOneWithoutCvesStillParsesWithNoCveIds() {
		HostOutcome outcome = this.parser.parse(fixture("os-facts.json"), List.of("node-patched")).get("node-patched");

		assertThat(fixture("os-facts.json")).contains("\"format\": 1").doesNotContain("cves");
		assertThat(outcome.facts().packages()).singleElement()
			.isEqualTo(new PackageChange("base-files", "12.4+deb12u10", "12.4+deb12u12", false, List.of()));
	}

	@Test
	void factsRunReportsPendingUpdatesAndNoAfter() {
		HostOutcome outcome = this.parser.parse(fixture("os-facts.json"), List.of("node-patched")).get("node-patched");

		assertThat(outcome.status()).isEqualTo(HostStatus.OK);
		assertThat(outcome.facts().status()).isEqualTo(PatchStatus.UPDATES_AVAILABLE);
		assertThat(outcome.facts().after()).isNull();
		assertThat(outcome.facts().rebooted()).isFalse();
		assertThat(outcome.facts().rebootRequired()).isTrue();
		assertThat(outcome.facts().packages()).extracting(PackageChange::name).containsExactly("base-files");
		assertThat(outcome.facts().held()).containsExactly("kubelet");
	}

	@Test
	void hostThatReportedItsFailureFailsWithTheReportedError() {
		HostOutcome outcome = this.parser.parse(fixture("os-patch-failed-reported.json"), List.of("node-reported"))
			.get("node-reported");

		assertThat(outcome.status()).isEqualTo(HostStatus.FAILED);
		assertThat(outcome.error())
			.isEqualTo("E: Release file for http://deb.debian.org/debian/dists/bookworm is not valid yet");
		assertThat(outcome.facts().status()).isEqualTo(PatchStatus.FAILED);
		assertThat(outcome.facts().failedTask()).isEqualTo("Run the upgrade");
		assertThat(outcome.facts().after()).isNull();
	}

	@Test
	void hostFailingWithoutReportFailsWithTheMessageAndStderrOfTheFailedTask() {
		HostOutcome outcome = this.parser.parse(fixture("os-patch-failed-plain.json"), List.of("node-plain"))
			.get("node-plain");

		assertThat(outcome.status()).isEqualTo(HostStatus.FAILED);
		assertThat(outcome.facts()).isNull();
		assertThat(outcome.error())
			.isEqualTo("non-zero return code: E: dpkg was interrupted, you must manually run dpkg --configure -a");
	}

	@Test
	void unreachableHostIsUnreachableWithTheConnectionError() {
		HostOutcome outcome = this.parser.parse(fixture("os-patch-unreachable.json"), List.of("node-gone"))
			.get("node-gone");

		assertThat(outcome.status()).isEqualTo(HostStatus.UNREACHABLE);
		assertThat(outcome.facts()).isNull();
		assertThat(outcome.error()).isEqualTo(
				"Failed to connect to the host via ssh: ssh: connect to host 127.0.0.1 port 1: Connection refused");
	}

	@Test
	void eachHostOfAMixedRunGetsItsOwnOutcomeInTheRequestedOrder() {
		List<String> hosts = List.of("node-gone", "node-plain", "node-recovered", "node-reported", "node-nostats",
				"node-patched");

		Map<String, HostOutcome> outcomes = this.parser.parse(fixture("os-patch-mixed.json"), hosts);

		assertThat(outcomes.keySet()).containsExactlyElementsOf(hosts);
		assertThat(outcomes.values()).extracting(HostOutcome::status)
			.containsExactly(HostStatus.UNREACHABLE, HostStatus.FAILED, HostStatus.OK, HostStatus.FAILED, HostStatus.OK,
					HostStatus.OK);
		assertThat(outcomes.get("node-plain").error()).startsWith("non-zero return code: E: dpkg was interrupted");
		assertThat(outcomes.get("node-reported").error()).startsWith("E: Release file");
		assertThat(outcomes.get("node-gone").error()).endsWith("Connection refused");
		// A failure the playbook rescued and recovered from leaves the host ok.
		assertThat(outcomes.get("node-recovered").facts().status()).isEqualTo(PatchStatus.PATCHED);
		assertThat(outcomes.get("node-recovered").error()).isNull();
		// Reporting nothing is allowed for a host that is ok.
		assertThat(outcomes.get("node-nostats").facts()).isNull();
		assertThat(outcomes.get("node-patched").facts().status()).isEqualTo(PatchStatus.PATCHED);
	}

	@Test
	void hostMissingFromTheReportFails() {
		Map<String, HostOutcome> outcomes = this.parser.parse(fixture("os-patch-patched.json"),
				List.of("node-patched", "node-absent"));

		assertThat(outcomes.get("node-patched").status()).isEqualTo(HostStatus.OK);
		assertThat(outcomes.get("node-absent"))
			.isEqualTo(new HostOutcome("node-absent", HostStatus.FAILED, null,
					"no result from ansible-playbook for host node-absent"));
	}

	@Test
	void reportOfStatusFailedFailsAHostTheStatsCountAsOk() {
		ObjectNode report = (ObjectNode) this.json.readTree(fixture("os-patch-patched.json"));
		ObjectNode ospatch = (ObjectNode) report.path("custom_stats").path("node-patched").path("ospatch");
		ospatch.put("status", "failed");
		ospatch.put("error", "E: Unable to correct problems, you have held broken packages.");

		HostOutcome outcome = this.parser.parse(report.toString(), List.of("node-patched")).get("node-patched");

		assertThat(outcome.status()).isEqualTo(HostStatus.FAILED);
		assertThat(outcome.error()).isEqualTo("E: Unable to correct problems, you have held broken packages.");
	}

	@Test
	void unknownStatusBreaksTheContractLoudly() {
		String report = fixture("os-patch-patched.json").replace("\"status\": \"patched\"", "\"status\": \"done\"");

		assertThatIllegalArgumentException().isThrownBy(() -> this.parser.parse(report, List.of("node-patched")))
			.withMessage("host node-patched: unknown ospatch.status 'done'");
	}

	@Test
	void readsTheReportAfterALineSomethingElsePrintedFirst() {
		String stdout = "Using /etc/ansible/ansible.cfg as config file\n" + fixture("os-patch-patched.json");

		assertThat(this.parser.parse(stdout, List.of("node-patched")).get("node-patched").status())
			.isEqualTo(HostStatus.OK);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   \n", "ERROR! the playbook: os-patch.yml could not be found",
			"PLAY [all] ***\nok: [node-1]", "[]" })
	void outputWithoutReportIsRejected(String stdout) {
		assertThatIllegalArgumentException().isThrownBy(() -> this.parser.parse(stdout, List.of("node-1")))
			.withMessageStartingWith("ansible-playbook printed no JSON report");
	}

	@Test
	void truncatedReportIsRejected() {
		String report = fixture("os-patch-patched.json");
		String truncated = report.substring(0, report.length() / 2);

		assertThatIllegalArgumentException().isThrownBy(() -> this.parser.parse(truncated, List.of("node-patched")))
			.withMessageStartingWith("ansible-playbook's report is not valid JSON");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{}", "{\"plays\": []}", "{\"stats\": []}", "{\"stats\": 1}" })
	void jsonThatIsNotTheCallbacksReportIsRejected(String stdout) {
		assertThatIllegalArgumentException().isThrownBy(() -> this.parser.parse(stdout, List.of("node-1")))
			.withMessageStartingWith("ansible-playbook's output is not the json callback's report (no 'stats')");
	}

	private static String fixture(String name) {
		try (InputStream in = PlaybookResultParserTests.class.getResourceAsStream("/ansible/fixtures/" + name)) {
			assertThat(in).as(name).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
