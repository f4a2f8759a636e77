package io.ospatch.audit;

import java.util.List;

import io.ospatch.cluster.InvalidInputException;
import io.ospatch.support.DatabaseCleaner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the audit trail does on every database ospatch runs on: its migration (V13) applied, entries
 * written in a transaction of their own, read newest first and by cluster. Run on MariaDB
 * ({@link AuditTrailMariaDbTests}) and on H2 in MySQL mode ({@link AuditTrailH2Tests}).
 */
abstract class AuditTrailContract {

	@Autowired
	AuditTrail audit;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@BeforeEach
	void emptyTrail() {
		DatabaseCleaner.clean(this.jdbc);
	}

	@Test
	void theMigrationCreatedTheTrail() {
		assertThat(this.jdbc.sql("SELECT success FROM flyway_schema_history WHERE version = '13'")
			.query(Boolean.class)
			.single()).isTrue();
		assertThat(this.jdbc.sql("SELECT id, occurred_at, actor, action, cluster_name, detail FROM audit_trail")
			.query()
			.listOfRows()).isEmpty();
	}

	@Test
	void entriesAreReadNewestFirstAndByCluster() {
		this.audit.record("alice@laptop", AuditTrail.CLUSTER_ADD, "prod-eu-1", "kind provisioned");
		this.audit.record("otto", AuditTrail.CLUSTER_SET, "prod-eu-1", "schedule: none -> weekly");
		this.audit.record("bob@ci", AuditTrail.LAUNCH, null, "ospatch patch --all");
		this.audit.record("otto", AuditTrail.LAUNCH, "other", "run 42");

		List<AuditEntry> all = this.audit.recent(null, 10);
		assertThat(all).extracting(AuditEntry::detail)
			.containsExactly("run 42", "ospatch patch --all", "schedule: none -> weekly", "kind provisioned");
		assertThat(all.get(1).cluster()).isNull();
		assertThat(all.get(0).at()).isAfterOrEqualTo(all.get(1).at());
		assertThat(this.audit.recent("prod-eu-1", 10)).extracting(AuditEntry::actor).containsExactly("otto", "alice@laptop");
		assertThat(this.audit.recent("prod-eu-1", 1)).extracting(AuditEntry::action).containsExactly("cluster set");
		assertThat(this.audit.recent("gone", 10)).isEmpty();
	}

	@Test
	void anEntryIsKeptWhateverBecomesOfTheCallersTransaction() {
		this.transactions.executeWithoutResult((status) -> {
			this.audit.record("otto", AuditTrail.LAUNCH, "prod-eu-1", "run 42");
			status.setRollbackOnly();
		});

		assertThat(this.audit.recent(null, 10)).extracting(AuditEntry::detail).containsExactly("run 42");
	}

	@Test
	void aLongDetailIsCutAndControlCharactersCannotForgeLines() {
		this.audit.record("otto\nroot", AuditTrail.CLUSTER_SET, "prod-eu-1", "a\r\nb\tc " + "x".repeat(3000));

		AuditEntry entry = this.audit.recent(null, 1).get(0);
		assertThat(entry.actor()).isEqualTo("otto root");
		assertThat(entry.detail()).startsWith("a b c xxx").hasSize(AuditTrail.MAX_DETAIL).endsWith("...");
	}

	@Test
	void aBadLimitOrClusterNameIsRefusedWithOneLine() {
		assertThatThrownBy(() -> this.audit.recent(null, 0)).isInstanceOf(InvalidInputException.class)
			.hasMessage("limit must be 1-1000, not 0");
		assertThatThrownBy(() -> this.audit.recent(null, 1001)).isInstanceOf(InvalidInputException.class)
			.hasMessage("limit must be 1-1000, not 1001");
		assertThatThrownBy(() -> this.audit.recent("PROD", 10)).isInstanceOf(InvalidInputException.class)
			.hasMessageStartingWith("invalid cluster name 'PROD'");
		assertThatThrownBy(() -> this.audit.record(" ", AuditTrail.LAUNCH, null, null))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
