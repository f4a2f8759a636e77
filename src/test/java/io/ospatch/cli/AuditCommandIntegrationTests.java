package io.ospatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import io.ospatch.audit.AuditEntry;
import io.ospatch.audit.AuditTrail;
import io.ospatch.support.DatabaseCleaner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line's changes and launches in the audit trail, by {@code user@host} as its runs name
 * who launched them, and {@code ospatch audit} showing it: every changing command recorded once it
 * changed something, a refused one recording nothing, and no secret in any detail.
 */
@SpringBootTest
class AuditCommandIntegrationTests {

	private static final String WEBHOOK = "https://hooks.slack.com/services/T000/B000/webhook-path-secret";

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	AuditTrail audit;

	@TempDir
	Path dir;

	@BeforeEach
	void emptyFleet() {
		DatabaseCleaner.clean(this.jdbc);
	}

	@Test
	void everyChangingCommandIsRecordedByUserAtHost() throws Exception {
		Path become = ownerOnly("become", "sudo-secret-content");
		Path secret = ownerOnly("webhook-secret", "signing-secret-content");
		Path fleetFile = Files.writeString(this.dir.resolve("fleet.yaml"), """
				clusters:
				  - name: prod-eu-1
				    schedule: monthly
				    nodes:
				      - {name: w-1, address: 10.0.0.1, role: worker}
				      - {name: w-3, address: 10.0.0.3, role: worker}
				  - name: imported-1
				    nodes:
				      - {name: n-1, address: 10.0.1.1, role: control-plane}
				""");

		run("cluster", "add", "prod-eu-1", "--schedule", "weekly", "--become-password-file", become.toString(),
				"--inventory-var", "ansible_become_password=inventory-secret", "--webhook-url", WEBHOOK,
				"--webhook-secret-file", secret.toString());
		run("cluster", "set", "prod-eu-1", "--max-unavailable", "25%", "--inventory-var", "ansible_become_password=new-secret");
		run("node", "add", "prod-eu-1", "w-1", "--address", "10.0.0.1", "--role", "worker");
		run("node", "add", "prod-eu-1", "w-2", "--address", "10.0.0.2", "--role", "worker", "--port", "2222");
		run("node", "remove", "prod-eu-1", "w-2");
		run("import", fleetFile.toString());
		run("import", fleetFile.toString());
		run("cluster", "add", "shop", "--kind", "eks", "--eks-cluster", "shop", "--region", "eu-west-1");
		givenALease("shop", Duration.ZERO);
		assertThat(CliRunner.run(this.context, "patch", "--cluster", "shop").exitCode()).as("busy").isEqualTo(75);
		run("cluster", "add", "empty");
		run("patch", "--cluster", "empty");
		long run = this.jdbc.sql("SELECT id FROM patch_runs").query(Long.class).single();
		givenALease("prod-eu-1", Duration.ofMinutes(10));
		run("unlock", "--cluster", "prod-eu-1");
		run("cluster", "remove", "imported-1");

		String me = PatchCommand.launchedBy();
		List<AuditEntry> trail = this.audit.recent(null, 100);
		assertThat(trail).extracting(AuditEntry::actor).containsOnly(me);
		assertThat(trail).extracting((entry) -> (entry.action() + " " + entry.cluster() + ": " + entry.detail())
			.replaceAll("heartbeat \\d+ s ago", "heartbeat N s ago"))
			.containsExactly("cluster remove imported-1: with 1 node(s) and 0 run(s)",
					"unlock prod-eu-1: released the lease held by pid 4242 on elsewhere, heartbeat N s ago",
					"launch empty: run " + run + " (ospatch patch --cluster empty)", "cluster add empty: kind provisioned",
					"cluster add shop: kind eks; eks-cluster shop; region eu-west-1; nodegroups all",
					"import imported-1: added from " + fleetFile + ": kind provisioned; node(s) added: n-1",
					"import prod-eu-1: from " + fleetFile + ": schedule: weekly -> monthly; node(s) added: w-3",
					"node remove prod-eu-1: node w-2",
					"node add prod-eu-1: node w-2: worker at 10.0.0.2:2222",
					"node add prod-eu-1: node w-1: worker at 10.0.0.1:22",
					"cluster set prod-eu-1: max-unavailable: 1 -> 25%; inventory-vars: changed (ansible_become_password=(hidden))",
					"cluster add prod-eu-1: kind provisioned; schedule weekly; become-password-file " + become
							+ "; webhook-url https://hooks.slack.com/…; webhook-secret-file " + secret
							+ "; inventory-vars ansible_become_password=(hidden)");
		assertThat(trail.toString()).doesNotContain("sudo-secret-content", "signing-secret-content", "webhook-path-secret",
				"inventory-secret", "new-secret");

		String shown = run("audit", "--cluster", "prod-eu-1", "--limit", "2");
		assertThat(shown.lines()).hasSize(3);
		assertThat(shown.lines().findFirst().orElseThrow()).matches("TIME\\s+ACTOR\\s+ACTION\\s+CLUSTER\\s+DETAIL");
		assertThat(shown.lines().skip(1).findFirst().orElseThrow())
			.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\s+\\Q" + me + "\\E\\s+unlock\\s+prod-eu-1\\s+released the lease.*");
		assertThat(run("audit", "--cluster", "imported-1")).as("a removed cluster keeps its trail")
			.contains("cluster remove").contains("import");
		assertThat(run("audit")).contains("launch").contains("shop");
	}

	@Test
	void refusedCommandsRecordNothing() {
		run("cluster", "add", "prod-eu-1");
		run("cluster", "add", "legacy", "--kind", "imported");

		for (String[] refused : new String[][] { { "cluster", "add", "prod-eu-1" },
				{ "cluster", "set", "prod-eu-1", "--max-unavailable", "0" }, { "cluster", "remove", "nope" },
				{ "node", "add", "prod-eu-1", "w-1", "--address", "-oProxyCommand=x", "--role", "worker" },
				{ "node", "remove", "prod-eu-1", "w-9" }, { "patch", "--cluster", "nope" },
				{ "patch", "--cluster", "legacy" },
				{ "unlock", "--cluster", "prod-eu-1" } }) {
			CliRunner.run(this.context, refused);
		}

		assertThat(this.audit.recent(null, 100)).extracting(AuditEntry::action).containsExactly("cluster add", "cluster add");
	}

	@Test
	void aLaunchIsRecordedForEachRunItStartsAndNotForABusyCluster() {
		run("cluster", "add", "shop", "--kind", "eks", "--eks-cluster", "shop", "--region", "eu-west-1");
		run("cluster", "add", "empty");
		givenALease("shop", Duration.ZERO);

		assertThat(CliRunner.run(this.context, "patch", "--all", "--fresh", "--pause-between-chunks", "0s").exitCode())
			.as("shop is busy").isEqualTo(75);

		long run = this.jdbc.sql("SELECT id FROM patch_runs").query(Long.class).single();
		assertThat(this.audit.recent(null, 10)).extracting((entry) -> entry.action() + " " + entry.cluster() + ": " + entry.detail())
			.containsExactly("launch empty: run " + run + " (ospatch patch --all --fresh --pause-between-chunks 0s)",
					"cluster add empty: kind provisioned",
					"cluster add shop: kind eks; eks-cluster shop; region eu-west-1; nodegroups all");
		assertThat(run("audit", "--limit", "1")).contains("launch").contains("run " + run);
	}

	@Test
	void badInputIsOneLineAndExit2() {
		for (String[] bad : new String[][] { { "audit", "--limit", "0" }, { "audit", "--limit", "1001" },
				{ "audit", "--cluster", "Bad_Name" } }) {
			CliRunner.Result result = CliRunner.run(this.context, bad);
			assertThat(result.exitCode()).as(String.join(" ", bad)).isEqualTo(2);
			assertThat(result.err().lines()).singleElement().asString().startsWith("ospatch: ");
		}
		assertThat(CliRunner.run(this.context, "audit", "--limit", "0").err()).isEqualTo("ospatch: limit must be 1-1000, not 0\n");
		assertThat(run("audit")).isEqualTo("nothing recorded\n");
		assertThat(run("audit", "--cluster", "prod-eu-1")).isEqualTo("nothing recorded for cluster prod-eu-1\n");
	}

	private String run(String... args) {
		return CliRunner.succeeded(this.context, args);
	}

	private void givenALease(String cluster, Duration age) {
		long clusterId = this.jdbc.sql("SELECT id FROM clusters WHERE name = ?").param(cluster).query(Long.class).single();
		LocalDateTime heartbeat = LocalDateTime.now(ZoneOffset.UTC).minus(age);
		this.jdbc.sql("""
				INSERT INTO cluster_leases (cluster_id, token, host, pid, acquired_at, heartbeat_at)
				VALUES (?, 'token-of-someone-else', 'elsewhere', 4242, ?, ?)""")
			.params(clusterId, heartbeat, heartbeat)
			.update();
	}

	private Path ownerOnly(String name, String content) throws Exception {
		Path file = Files.writeString(this.dir.resolve(name), content);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		return file;
	}

}
