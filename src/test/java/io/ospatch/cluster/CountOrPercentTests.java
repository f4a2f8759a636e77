package io.ospatch.cluster;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CountOrPercentTests {

	@Test
	void countIsTakenAsIs() {
		CountOrPercent two = CountOrPercent.parse("max-unavailable", "2");

		assertThat(two.of(10)).isEqualTo(2);
		assertThat(two).hasToString("2");
	}

	@Test
	void percentRoundsDown() {
		CountOrPercent quarter = CountOrPercent.parse("max-unavailable", "25%");

		assertThat(quarter.of(14)).isEqualTo(3);
		assertThat(quarter.of(3)).isZero();
		assertThat(quarter).hasToString("25%");
	}

	@Test
	void rejectsWhatIsNeitherACountNorAPercent() {
		for (String bad : new String[] { "", "-1", "1.5", "25 %", "%", "abc", "101%", "1;rm" }) {
			assertThatThrownBy(() -> CountOrPercent.parse("failure-budget", bad))
				.as(bad)
				.isInstanceOf(InvalidInputException.class)
				.hasMessageStartingWith("failure-budget: '" + bad + "'");
		}
	}

}
