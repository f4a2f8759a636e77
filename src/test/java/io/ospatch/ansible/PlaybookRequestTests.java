package io.ospatch.ansible;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PlaybookRequestTests {

	private static final InventoryHost NODE_1 = new InventoryHost("node-1", "10.0.0.1", 22, "root", null);

	@Test
	void needsAtLeastOneHost() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PlaybookRequest(Playbook.OS_PATCH, List.of(), Map.of(), Map.of(), false, null))
			.withMessage("a playbook run needs at least one host");
	}

	@Test
	void namesEachHostOnce() {
		InventoryHost sameName = new InventoryHost("node-1", "10.0.0.2", 22, "root", null);

		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PlaybookRequest(Playbook.OS_PATCH, List.of(NODE_1, sameName), null, null, false,
					null))
			.withMessage("host 'node-1' appears twice in one playbook run");
	}

	@Test
	void keepsVarsSetToNullAndMissingVarsAreEmpty() {
		Map<String, Object> groupVars = new HashMap<>();
		groupVars.put("os_patch_target_version", null);

		PlaybookRequest request = new PlaybookRequest(Playbook.OS_FACTS, List.of(NODE_1), groupVars, null, false, null);

		assertThat(request.groupVars()).containsEntry("os_patch_target_version", null);
		assertThat(request.extraVars()).isEmpty();
		assertThat(request.hostNames()).containsExactly("node-1");
	}

	@Test
	void hostPortMustBeAPort() {
		assertThatIllegalArgumentException().isThrownBy(() -> new InventoryHost("node-1", "10.0.0.1", 0, null, null))
			.withMessage("host node-1: SSH port must be 1..65535, not 0");
	}

}
