package io.ospatch.ansible;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AnsiblePropertiesTests {

	@Test
	void defaultsNeedNoSetting() {
		AnsibleProperties properties = bind(Map.of());

		assertThat(properties.playbooksDir().normalize()).isEqualTo(Path.of("playbooks"));
		assertThat(properties.binary()).isEqualTo("ansible-playbook");
		assertThat(properties.runTimeout()).isEqualTo(Duration.ofMinutes(60));
		assertThat(properties.workDir()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
	}

	@Test
	void everySettingCanBeChanged() {
		AnsibleProperties properties = bind(Map.of("ospatch.ansible.playbooks-dir", "/opt/ospatch/playbooks",
				"ospatch.ansible.binary", "/usr/local/bin/ansible-playbook", "ospatch.ansible.run-timeout", "90m",
				"ospatch.ansible.work-dir", "/run/ospatch"));

		assertThat(properties).isEqualTo(new AnsibleProperties(Path.of("/opt/ospatch/playbooks"),
				"/usr/local/bin/ansible-playbook", Duration.ofMinutes(90), Path.of("/run/ospatch")));
	}

	@Test
	void runTimeoutMustBePositive() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AnsibleProperties(Path.of("p"), "ansible-playbook", Duration.ZERO, null))
			.withMessage("ospatch.ansible.run-timeout must be positive");
	}

	private static AnsibleProperties bind(Map<String, String> settings) {
		return new Binder(new MapConfigurationPropertySource(settings))
			.bindOrCreate("ospatch.ansible", Bindable.of(AnsibleProperties.class));
	}

}
