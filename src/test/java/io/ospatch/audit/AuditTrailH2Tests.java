package io.ospatch.audit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit trail on the embedded default: H2 in MySQL mode, migrated by the same scripts. */
@SpringBootTest(properties = {
		"spring.datasource.url=jdbc:h2:mem:audit-trail;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"spring.datasource.username=sa", "spring.datasource.password=" })
class AuditTrailH2Tests extends AuditTrailContract {

	@Test
	void runsOnH2() {
		assertThat(this.jdbc.sql("SELECT H2VERSION()").query(String.class).single()).isNotBlank();
	}

}
