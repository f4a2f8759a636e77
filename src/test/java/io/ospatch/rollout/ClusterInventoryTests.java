package io.ospatch.rollout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import io.ospatch.ansible.Playbook;
import io.ospatch.ansible.PlaybookRequest;
import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.ClusterKind;
import io.ospatch.cluster.CountOrPercent;
import io.ospatch.cluster.InvalidInputException;
import io.ospatch.cluster.NodeRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ClusterInventoryTests {

	@TempDir
	Path dir;

	@Test
	void becomePasswordIsReadFromItsFileAtRunTimeIntoTheExtraVarsOnly() throws Exception {
		Path file = ownerOnly("s3cret {not a template}\n");
		Cluster cluster = cluster(file, Map.of("ansible_become_password", "stored"));

		PlaybookRequest request = ClusterInventory.request(Playbook.OS_PATCH, cluster,
				List.of(TestNodes.node("cp-1", NodeRole.CONTROL_PLANE)), null);

		assertThat(request.extraVars()).as("extra vars win over the stored inventory variable")
			.containsExactly(Map.entry("ansible_become_password", "s3cret {not a template}"));
		assertThat(request.toString()).doesNotContain("s3cret").doesNotContain("stored");
	}

	@Test
	void aChangedFileIsReadAgainOnTheNextRun() throws Exception {
		Path file = ownerOnly("first\n");
		Cluster cluster = cluster(file, Map.of());
		Files.writeString(file, "second\n");

		PlaybookRequest request = ClusterInventory.request(Playbook.OS_PATCH, cluster,
				List.of(TestNodes.node("cp-1", NodeRole.CONTROL_PLANE)), null);

		assertThat(request.extraVars()).containsEntry("ansible_become_password", "second");
	}

	@Test
	void aFileOthersMayReadIsRefusedWithoutItsContent() throws Exception {
		Path file = ownerOnly("s3cret\n");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> ClusterInventory.request(Playbook.OS_PATCH, cluster(file, Map.of()),
					List.of(TestNodes.node("cp-1", NodeRole.CONTROL_PLANE)), null))
			.withMessage("become password file " + file + " may be read by others: make it owner-only (chmod 600)");
	}

	@Test
	void aPasswordWithATemplateDelimiterIsRefusedWithoutItsContent() throws Exception {
		Path file = ownerOnly("pa{{ss\n");

		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> ClusterInventory.request(Playbook.OS_PATCH, cluster(file, Map.of()),
					List.of(TestNodes.node("cp-1", NodeRole.CONTROL_PLANE)), null))
			.withMessageContaining("become password file " + file + " holds a Jinja delimiter")
			.withMessageNotContaining("pa{{ss");
	}

	private Path ownerOnly(String content) throws Exception {
		Path file = this.dir.resolve("become-password");
		Files.writeString(file, content);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		return file;
	}

	private static Cluster cluster(Path becomePasswordFile, Map<String, String> vars) {
		return new Cluster(1, "prod-eu-1", ClusterKind.PROVISIONED, ZoneId.of("UTC"), false, null, CountOrPercent.count(1),
				CountOrPercent.count(0), List.of(), "root", null, null, null, becomePasswordFile, vars, null);
	}

}
