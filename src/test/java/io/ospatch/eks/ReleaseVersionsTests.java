package io.ospatch.eks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReleaseVersionsTests {

	@Test
	void amazonLinuxReleasesCompareByKubernetesPatchThenBuildDate() {
		assertThat(ReleaseVersions.atLeast("1.31.3-20241121", "1.31.3-20241121")).isTrue();
		assertThat(ReleaseVersions.atLeast("1.31.3-20241205", "1.31.3-20241121")).isTrue();
		assertThat(ReleaseVersions.atLeast("1.31.2-20241109", "1.31.3-20241121")).isFalse();
		assertThat(ReleaseVersions.atLeast("1.31.10-20250101", "1.31.9-20241221")).isTrue();
	}

	@Test
	void bottlerocketReleasesCompareByOsVersionAndDifferentCommitsOfOneVersionCountAsDifferent() {
		assertThat(ReleaseVersions.atLeast("1.26.2-360b7a38", "1.28.0-400b7ee7")).isFalse();
		assertThat(ReleaseVersions.atLeast("1.28.0-400b7ee7", "1.26.2-360b7a38")).isTrue();
		assertThat(ReleaseVersions.atLeast("1.28.0-400b7ee7", "1.28.0-11111111")).isFalse();
	}

	@Test
	void anUnknownReleaseIsBehind() {
		assertThat(ReleaseVersions.atLeast(null, "1.31.3-20241121")).isFalse();
	}

}
