package io.ospatch.ansible;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The result parser on real outputs of the playbooks, captured from lab nodes (see captured/README.md). */
class CapturedLabOutputTests {

	private final PlaybookResultParser parser = new PlaybookResultParser(JsonMapper.builder().build());

	@Test
	void aBehindNodePatched() throws IOException {
		HostOutcome node = parse("os-patch-behind-patched", "lab-b-2").get("lab-b-2");

		assertThat(node.status()).isEqualTo(HostStatus.OK);
		assertThat(node.error()).isNull();
		OsPatchFacts facts = node.facts();
		assertThat(facts.status()).isEqualTo(PatchStatus.PATCHED);
		assertThat(facts.before()).isEqualTo(new OsVersion("Debian", "Debian", "12.13", facts.before().kernel()));
		assertThat(facts.after().version()).isEqualTo("12.15");
		assertThat(facts.targetVersion()).isEqualTo("12.15");
		assertThat(facts.packages()).containsExactly(
				new PackageChange("base-files", "12.4+deb12u13", "12.4+deb12u15", false, List.of()),
				new PackageChange("lab-tools", "1.0-lab1", "1.1-lab1", false, List.of("CVE-2026-20001", "CVE-2026-20002")));
		assertThat(facts.held()).containsExactly("kubelet", "kubectl");
		assertThat(facts.rebooted()).isFalse();
	}

	@Test
	void aSecondRunFindsTheNodeCurrent() throws IOException {
		OsPatchFacts facts = parse("os-patch-second-run", "lab-b-2").get("lab-b-2").facts();

		assertThat(facts.status()).isEqualTo(PatchStatus.ALREADY_CURRENT);
		assertThat(facts.packages()).isEmpty();
		assertThat(facts.before()).isEqualTo(facts.after());
	}

	@Test
	void aRebootedNode() throws IOException {
		OsPatchFacts facts = parse("os-patch-rebooted", "lab-b-1").get("lab-b-1").facts();

		assertThat(facts.rebooted()).isTrue();
		assertThat(facts.rebootRequired()).isFalse();
	}

	@Test
	void unreachableFailedAndPatchedInOneRun() throws IOException {
		Map<String, HostOutcome> hosts = parse("os-patch-mixed", "lab-a-1", "lab-a-2", "lab-a-3");

		assertThat(hosts.get("lab-a-1").status()).isEqualTo(HostStatus.UNREACHABLE);
		assertThat(hosts.get("lab-a-1").facts()).isNull();
		assertThat(hosts.get("lab-a-1").error()).containsPattern("port \\d+: Connection refused");
		assertThat(hosts.get("lab-a-2").status()).isEqualTo(HostStatus.FAILED);
		assertThat(hosts.get("lab-a-2").error()).startsWith("E: Malformed entry 2 in list file");
		assertThat(hosts.get("lab-a-2").facts().failedTask()).isNotBlank();
		assertThat(hosts.get("lab-a-2").facts().before().version()).isEqualTo("12.13");
		assertThat(hosts.get("lab-a-2").facts().after()).isNull();
		assertThat(hosts.get("lab-a-3").status()).isEqualTo(HostStatus.OK);
		assertThat(hosts.get("lab-a-3").facts().status()).isEqualTo(PatchStatus.PATCHED);
	}

	@Test
	void osFactsNamesTheTargetAndThePendingPackages() throws IOException {
		Map<String, HostOutcome> hosts = parse("os-facts", "lab-a-2", "lab-a-3");

		assertThat(hosts.values()).allSatisfy((host) -> {
			assertThat(host.status()).isEqualTo(HostStatus.OK);
			assertThat(host.facts().status()).isEqualTo(PatchStatus.UPDATES_AVAILABLE);
			assertThat(host.facts().targetVersion()).isEqualTo("12.15");
			assertThat(host.facts().after()).isNull();
			assertThat(host.facts().packages()).extracting(PackageChange::name).contains("base-files", "lab-tools");
			assertThat(host.facts().packages()).as("nothing installed yet: no changelog to read")
				.allSatisfy((change) -> assertThat(change.cves()).isEmpty());
		});
	}

	@Test
	void aNodePatchedFromTheDebianMirrorCarriesTheCveIdsOfDebiansOwnChangelogs() throws IOException {
		OsPatchFacts facts = parse("os-patch-mirror", "lab-a-1").get("lab-a-1").facts();

		assertThat(facts.status()).isEqualTo(PatchStatus.PATCHED);
		assertThat(facts.packages()).filteredOn((change) -> change.name().equals("libexpat1"))
			.singleElement()
			.satisfies((change) -> assertThat(change.cves()).hasSizeGreaterThan(10)
				.contains("CVE-2025-59375")
				.isSorted()
				.doesNotHaveDuplicates()
				.allMatch((id) -> id.matches("CVE-\\d{4}-\\d{4,7}")));
		assertThat(facts.packages()).filteredOn((change) -> change.name().equals("base-files"))
			.singleElement()
			.satisfies((change) -> assertThat(change.cves()).isEmpty());
	}

	private Map<String, HostOutcome> parse(String capture, String... hosts) throws IOException {
		String resource = "/ansible/captured/" + capture + ".json.gz";
		try (InputStream in = getClass().getResourceAsStream(resource)) {
			assertThat(in).as(resource).isNotNull();
			String stdout = new String(new GZIPInputStream(in).readAllBytes(), StandardCharsets.UTF_8);
			return this.parser.parse(stdout, List.of(hosts));
		}
	}

}
