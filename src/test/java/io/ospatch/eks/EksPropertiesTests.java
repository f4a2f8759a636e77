package io.ospatch.eks;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EksPropertiesTests {

	@Test
	void defaultsNeedNoSetting() {
		assertThat(bind(Map.of())).isEqualTo(new EksProperties(Duration.ofMinutes(60), Duration.ofSeconds(30), 1));
	}

	@Test
	void everySettingCanBeChanged() {
		EksProperties properties = bind(Map.of("ospatch.eks.update-timeout", "90m", "ospatch.eks.poll-interval", "1m",
				"ospatch.eks.parallel-nodegroups", "2"));

		assertThat(properties).isEqualTo(new EksProperties(Duration.ofMinutes(90), Duration.ofMinutes(1), 2));
	}

	@Test
	void settingsOutOfRangeAreRefusedNamingTheSetting() {
		assertThatIllegalArgumentException().isThrownBy(() -> new EksProperties(Duration.ZERO, Duration.ofSeconds(30), 1))
			.withMessage("ospatch.eks.update-timeout must be positive");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new EksProperties(Duration.ofMinutes(60), Duration.ofSeconds(-1), 1))
			.withMessage("ospatch.eks.poll-interval must be positive");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new EksProperties(Duration.ofMinutes(60), Duration.ofSeconds(30), 0))
			.withMessage("ospatch.eks.parallel-nodegroups must be at least 1");
	}

	@Test
	void anEksApiNeedsItsClusterNameAndRegion() {
		assertThatIllegalArgumentException().isThrownBy(() -> new EksApi(" ", "eu-west-1", null))
			.withMessage("an EKS cluster needs its name");
		assertThatIllegalArgumentException().isThrownBy(() -> new EksApi("prod", null, null))
			.withMessage("EKS cluster prod needs its AWS region");
		assertThat(new EksApi("prod", "eu-west-1", null).allNodegroups()).isTrue();
	}

	private static EksProperties bind(Map<String, String> settings) {
		return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("ospatch.eks",
				Bindable.of(EksProperties.class));
	}

}
