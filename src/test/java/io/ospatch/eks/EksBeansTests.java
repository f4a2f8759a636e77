package io.ospatch.eks;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** The package's beans as ospatch's context makes them: what the rollout will be given. */
class EksBeansTests {

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withUserConfiguration(EksComponents.class);

	@Test
	void theUpdaterAndPlannerAreReadyWithTheSettingsDefaults() {
		this.context.run((context) -> {
			assertThat(context).hasSingleBean(NodegroupUpdater.class).hasSingleBean(NodegroupPlanner.class);
			assertThat(context.getBean(EksNodegroups.class)).isInstanceOf(AwsEksNodegroups.class);
			assertThat(context.getBean(EksProperties.class).updateTimeout()).isEqualTo(Duration.ofMinutes(60));
		});
	}

	@Test
	void settingsFromTheEnvironmentReachTheUpdater() {
		this.context.withPropertyValues("ospatch.eks.parallel-nodegroups=3")
			.run((context) -> assertThat(context.getBean(EksProperties.class).parallelNodegroups()).isEqualTo(3));
	}

	@Configuration(proxyBeanMethods = false)
	@ComponentScan(basePackageClasses = EksApi.class)
	@EnableConfigurationProperties(EksProperties.class)
	static class EksComponents {

		@Bean
		Clock clock() {
			return Clock.systemUTC();
		}

	}

}
