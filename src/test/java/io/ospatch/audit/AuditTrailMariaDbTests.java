package io.ospatch.audit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit trail on the MySQL/MariaDB test database (src/test/resources/config/application.properties). */
@SpringBootTest
class AuditTrailMariaDbTests extends AuditTrailContract {

	@Test
	void runsOnMariaDbOrMySql() {
		assertThat(this.jdbc.sql("SELECT VERSION()").query(String.class).single()).as("a MySQL or MariaDB server")
			.matches("\\d+\\.\\d+.*");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() "
				+ "AND table_name = 'audit_trail' AND engine = 'InnoDB'").query(Long.class).single()).isOne();
	}

}
