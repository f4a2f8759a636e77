package io.ospatch.web.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import io.ospatch.audit.AuditEntry;
import io.ospatch.audit.AuditTrail;
import io.ospatch.cli.CliRunner;
import io.ospatch.report.FleetScenario;
import io.ospatch.run.RunOutcome;
import io.ospatch.support.DatabaseCleaner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The API's changes to the fleet, through MockMvc on H2: clusters added, changed (JSON merge patch) and
 * removed, nodes added and removed, with the command line's rules and messages (the same input given
 * to the command line says the same), for operators only; each change recorded in the audit trail with
 * who made it, and a refused one changing nothing.
 */
@SpringBootTest(properties = { "spring.main.web-application-type=servlet",
		"spring.datasource.url=jdbc:h2:mem:fleet-change-api;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"spring.datasource.username=sa", "spring.datasource.password=",
		"ospatch.web.users-file=src/test/resources/web/users.yaml" })
@AutoConfigureMockMvc
class FleetChangeApiTests {

	private static final String CLUSTERS = "/api/v1/clusters";

	private static final String WEBHOOK = "https://hooks.slack.com/services/T000/B000/webhook-path-secret";

	@Autowired
	MockMvc mvc;

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
	void anOperatorAddsAClusterWithEverySettingAsClusterAddWouldAndNoSecretComesBack() throws Exception {
		Path key = Files.writeString(this.dir.resolve("id_ed25519"), "PRIVATE KEY CONTENT");
		Path knownHosts = Files.writeString(this.dir.resolve("known_hosts"), "");
		Path kubeconfig = Files.writeString(this.dir.resolve("kubeconfig"), "KUBECONFIG CONTENT");
		Path become = ownerOnly("become", "sudo-secret-content");
		Path secret = ownerOnly("webhook-secret", "signing-secret-content");
		String settings = """
				"maxUnavailable": "25%", "failureBudget": 1, "timezone": "Europe/Paris", "schedule": "weekly",
				"patchOnBoot": false, "maintenanceWindow": "4h", "contacts": ["sec@example.com", "ops@example.com"],
				"sshUser": "ubuntu", "sshKey": "KEY", "knownHosts": "KNOWN", "jumpHost": "ops@bastion.example.com:22",
				"becomePasswordFile": "BECOME", "inventoryVars": {"ansible_become": "true",
				"ansible_become_password": "inventory-secret"}, "kubeconfig": "KUBE", "kubeContext": "admin",
				"drainDeleteEmptyDirData": true, "webhook": {"url": "WEBHOOK", "secretFile": "SECRET"}"""
			.replace("KEY", key.toString())
			.replace("KNOWN", knownHosts.toString())
			.replace("BECOME", become.toString())
			.replace("KUBE", kubeconfig.toString())
			.replace("WEBHOOK", WEBHOOK)
			.replace("SECRET", secret.toString());

		MvcResult added = this.mvc.perform(as("otto", post(CLUSTERS).contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\": \"prod-eu-1\", " + settings + "}")))
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", "http://localhost/api/v1/clusters/prod-eu-1"))
			.andExpect(jsonPath("$.name").value("prod-eu-1"))
			.andExpect(jsonPath("$.schedule").value("weekly"))
			.andExpect(jsonPath("$.maxUnavailable").value("25%"))
			.andExpect(jsonPath("$.failureBudget").value("1"))
			.andExpect(jsonPath("$.maintenanceWindow").value("4h"))
			.andExpect(jsonPath("$.becomePasswordFile").value(become.toString()))
			.andExpect(jsonPath("$.inventoryVars.ansible_become_password").value("(hidden)"))
			.andExpect(jsonPath("$.webhook.url").value("https://hooks.slack.com/…"))
			.andExpect(jsonPath("$.webhook.secretFile").value(secret.toString()))
			.andExpect(jsonPath("$.kubernetesApi").value(kubeconfig + ", context admin"))
			.andReturn();

		assertThat(added.getResponse().getContentAsString()).doesNotContain("inventory-secret", "sudo-secret-content",
				"PRIVATE KEY CONTENT", "KUBECONFIG CONTENT", "signing-secret-content", "webhook-path-secret");
		cli("cluster", "add", "twin", "--max-unavailable", "25%", "--failure-budget", "1", "--timezone", "Europe/Paris",
				"--schedule", "weekly", "--patch-on-boot", "false", "--maintenance-window", "4h", "--contacts",
				"sec@example.com,ops@example.com", "--ssh-user", "ubuntu", "--ssh-key", key.toString(), "--known-hosts",
				knownHosts.toString(), "--jump-host", "ops@bastion.example.com:22", "--become-password-file",
				become.toString(), "--inventory-var", "ansible_become=true", "--inventory-var",
				"ansible_become_password=inventory-secret", "--kubeconfig", kubeconfig.toString(), "--kube-context", "admin",
				"--drain-emptydir-data", "true", "--webhook-url", WEBHOOK, "--webhook-secret-file", secret.toString());
		assertThat(cli("cluster", "show", "prod-eu-1").replace("prod-eu-1", "NAME"))
			.as("what the API added is what cluster add adds").isEqualTo(cli("cluster", "show", "twin").replace("twin", "NAME"));

		AuditEntry entry = latest("prod-eu-1");
		assertThat(entry.actor()).isEqualTo("otto");
		assertThat(entry.action()).isEqualTo("cluster add");
		assertThat(entry.detail()).startsWith("kind provisioned; ")
			.contains("schedule weekly", "timezone Europe/Paris", "max-unavailable 25%",
					"become-password-file " + become, "webhook-url https://hooks.slack.com/…",
					"ansible_become_password=(hidden)")
			.doesNotContain("inventory-secret", "sudo-secret-content", "webhook-path-secret", "signing-secret-content");
	}

	@Test
	void anEksClusterTakesItsTargetAsTheResourceShowsIt() throws Exception {
		this.mvc.perform(as("otto", post(CLUSTERS).contentType(MediaType.APPLICATION_JSON).content("""
				{"name": "shop", "kind": "eks", "eks": {"cluster": "shop-prod", "region": "eu-west-1",
				 "nodegroups": ["general", "batch"], "force": true}}""")))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.kind").value("eks"))
			.andExpect(jsonPath("$.eks.cluster").value("shop-prod"))
			.andExpect(jsonPath("$.eks.region").value("eu-west-1"))
			.andExpect(jsonPath("$.eks.nodegroups[0]").value("general"))
			.andExpect(jsonPath("$.eks.force").value(true));

		this.mvc.perform(as("otto", patch(CLUSTERS + "/shop").contentType(FleetChangeApiController.MERGE_PATCH_JSON)
			.content("{\"eks\": {\"nodegroups\": null, \"force\": false}}")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.eks.nodegroups.length()").value(0))
			.andExpect(jsonPath("$.eks.force").value(false))
			.andExpect(jsonPath("$.eks.cluster").value("shop-prod"));
		assertThat(cli("cluster", "show", "shop")).contains("nodegroups:      all (every managed node group)");
		assertThat(latest("shop").detail()).isEqualTo("nodegroups: general,batch -> all; eks-force: true -> false");

		this.mvc.perform(as("otto", patch(CLUSTERS + "/shop").contentType(MediaType.APPLICATION_JSON)
			.content("{\"kind\": \"imported\", \"eks\": null}")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.kind").value("imported"))
			.andExpect(jsonPath("$.eks").doesNotExist());
		assertRefused(post(CLUSTERS).contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\": \"shop-2\", \"kind\": \"eks\", \"eks\": {\"cluster\": \"shop\"}}"), 400,
				cliError("cluster", "add", "shop-2", "--kind", "eks", "--eks-cluster", "shop"));
	}

	/** The same bad value, given to the API and to cluster add: the same one line, and nothing added. */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "\"maxUnavailable\": \"0\"|--max-unavailable|0",
			"\"failureBudget\": \"-1\"|--failure-budget|-1", "\"timezone\": \"Mars/Olympus\"|--timezone|Mars/Olympus",
			"\"schedule\": \"0 0 31 2 *\"|--schedule|0 0 31 2 *", "\"kind\": \"gke\"|--kind|gke",
			"\"jumpHost\": \"-oProxyCommand=x\"|--jump-host|-oProxyCommand=x",
			"\"maintenanceWindow\": \"4 hours\"|--maintenance-window|4 hours",
			"\"contacts\": [\"not-an-email\"]|--contacts|not-an-email",
			"\"sshKey\": \"/nonexistent/key\"|--ssh-key|/nonexistent/key",
			"\"becomePasswordFile\": \"/nonexistent/become\"|--become-password-file|/nonexistent/become",
			"\"kubeconfig\": \"relative/kubeconfig\"|--kubeconfig|relative/kubeconfig",
			"\"inventoryVars\": {\"ansible_connection\": \"local\"}|--inventory-var|ansible_connection=local",
			"\"webhook\": {\"url\": \"ftp://files.example.com/x\"}|--webhook-url|ftp://files.example.com/x" })
	void aBadSettingIsRefusedWithTheCliMessageAndAddsNothing(String member, String option, String value) throws Exception {
		String said = cliError("cluster", "add", "prod-eu-1", option, value);

		assertRefused(post(CLUSTERS).contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\": \"prod-eu-1\", " + member + "}"), 400, said);

		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM clusters").query(Long.class).single()).isZero();
		assertThat(this.audit.recent(null, 10)).isEmpty();
	}

	@Test
	void aClusterThatExistsOrABadNameIsRefused() throws Exception {
		cli("cluster", "add", "prod-eu-1", "--schedule", "weekly");
		String exists = cliError("cluster", "add", "prod-eu-1");

		assertRefused(post(CLUSTERS).contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"prod-eu-1\"}"), 409,
				exists);
		assertThat(exists).isEqualTo("cluster 'prod-eu-1' already exists; change it with 'ospatch cluster set'");
		assertRefused(post(CLUSTERS).contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"Prod_EU\"}"), 400,
				cliError("cluster", "add", "Prod_EU"));
		assertRefused(post(CLUSTERS).contentType(MediaType.APPLICATION_JSON).content("{\"schedule\": \"weekly\"}"), 400,
				"invalid cluster name '': use 1-63 lower-case letters, digits and dashes, starting and ending with a letter or digit");
		assertRefused(post(CLUSTERS).contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"x\", \"colour\": \"red\"}"),
				400, null);
		this.mvc.perform(as("otto", post(CLUSTERS).contentType(MediaType.APPLICATION_JSON).content("[1, 2]")))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		assertThat(cli("cluster", "list")).contains("prod-eu-1").doesNotContain("Prod_EU").doesNotContain(" x ");
		assertThat(this.audit.recent(null, 10)).extracting(AuditEntry::actor).doesNotContain("otto");
	}

	@Test
	void aChangeIsAMergePatchWithTheCliRules() throws Exception {
		cli("cluster", "add", "prod-eu-1", "--schedule", "weekly", "--jump-host", "ops@bastion.example.com",
				"--contacts", "sec@example.com", "--inventory-var", "ansible_become=true", "--inventory-var",
				"ansible_become_password=inventory-secret", "--inventory-var", "os_patch_reboot=never");

		this.mvc.perform(as("otto", patch(CLUSTERS + "/prod-eu-1").contentType(FleetChangeApiController.MERGE_PATCH_JSON)
			.content("""
					{"schedule": "monthly", "jumpHost": null, "maxUnavailable": 2,
					 "inventoryVars": {"os_patch_reboot": null, "ansible_become_user": "root"}}""")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.schedule").value("monthly"))
			.andExpect(jsonPath("$.jumpHost").doesNotExist())
			.andExpect(jsonPath("$.maxUnavailable").value("2"))
			.andExpect(jsonPath("$.contacts[0]").value("sec@example.com"))
			.andExpect(jsonPath("$.inventoryVars.ansible_become").value("true"))
			.andExpect(jsonPath("$.inventoryVars.ansible_become_user").value("root"))
			.andExpect(jsonPath("$.inventoryVars.ansible_become_password").value("(hidden)"))
			.andExpect(jsonPath("$.inventoryVars.os_patch_reboot").doesNotExist());

		assertThat(cli("cluster", "show", "prod-eu-1")).contains("schedule:        monthly")
			.contains("jump-host:       none")
			.contains("max-unavailable: 2")
			.contains("ansible_become_password=(hidden)");
		AuditEntry entry = latest("prod-eu-1");
		assertThat(entry.actor()).isEqualTo("otto");
		assertThat(entry.action()).isEqualTo("cluster set");
		assertThat(entry.detail()).isEqualTo("schedule: weekly -> monthly; max-unavailable: 1 -> 2; "
				+ "jump-host: ops@bastion.example.com -> none; inventory-vars: ansible_become=true,"
				+ "ansible_become_password=(hidden),os_patch_reboot=never -> ansible_become=true,"
				+ "ansible_become_password=(hidden),ansible_become_user=root");

		this.mvc.perform(as("otto", patch(CLUSTERS + "/prod-eu-1").contentType(MediaType.APPLICATION_JSON)
			.content("{\"contacts\": \"none\", \"inventoryVars\": null, \"schedule\": null, \"name\": \"prod-eu-1\"}")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.contacts.length()").value(0))
			.andExpect(jsonPath("$.inventoryVars").isEmpty())
			.andExpect(jsonPath("$.schedule").doesNotExist());
	}

	@Test
	void aRefusedChangeChangesNothing() throws Exception {
		cli("cluster", "add", "prod-eu-1", "--schedule", "weekly", "--inventory-var", "ansible_become_password=secret-1");
		String before = cli("cluster", "show", "prod-eu-1");
		List<AuditEntry> trail = this.audit.recent(null, 10);

		assertRefused(patchOf("prod-eu-1", "{\"schedule\": \"monthly\", \"maxUnavailable\": \"0\"}"), 400,
				cliError("cluster", "set", "prod-eu-1", "--schedule", "monthly", "--max-unavailable", "0"));
		assertRefused(patchOf("prod-eu-1", "{\"timezone\": null}"), 400,
				"timezone: cannot be cleared; give a value (null clears only optional settings)");
		assertRefused(patchOf("prod-eu-1", "{\"patchOnBoot\": \"yes\"}"), 400, "patchOnBoot: expected true or false");
		assertRefused(patchOf("prod-eu-1", "{\"name\": \"prod-eu-2\"}"), 400,
				"name: a cluster is not renamed; remove it and add it under the new name");
		assertRefused(patchOf("prod-eu-1", "{\"nextFireTime\": \"2027-01-01T00:00Z\"}"), 400, null);
		assertRefused(patchOf("prod-eu-1", "{\"inventoryVars\": {\"ansible_become_password\": \"(hidden)\"}}"), 400,
				"inventoryVars.ansible_become_password: (hidden) is how the API shows its value; give the value itself, "
						+ "or leave the variable out to keep it");
		assertRefused(patchOf("prod-eu-1", "{\"webhook\": {\"secretFile\": \"/etc/hostname\"}}"), 400, null);
		assertRefused(patchOf("nope", "{}"), 404, "unknown cluster 'nope'; 'ospatch cluster list' shows the clusters");

		assertThat(cli("cluster", "show", "prod-eu-1")).isEqualTo(before);
		assertThat(this.jdbc.sql("SELECT var_value FROM cluster_inventory_vars").query(String.class).single())
			.isEqualTo("secret-1");
		assertThat(this.audit.recent(null, 10)).isEqualTo(trail);
	}

	@Test
	void aClusterIsRemovedUnlessARunHoldsItOrItHasRunsAndNotWithHistory() throws Exception {
		FleetScenario fleet = new FleetScenario(this.context);
		fleet.cluster("plain", 2).cluster("storied", 1).cluster("busy", 0);
		fleet.run("storied", RunOutcome.COMPLIANT, null, 1);
		lease("busy");

		this.mvc.perform(as("otto", delete(CLUSTERS + "/plain"))).andExpect(status().isNoContent());
		assertThat(cli("cluster", "list")).doesNotContain("plain");
		assertThat(latest("plain")).satisfies((entry) -> {
			assertThat(entry.actor()).isEqualTo("otto");
			assertThat(entry.action()).isEqualTo("cluster remove");
			assertThat(entry.detail()).isEqualTo("with 2 node(s) and 0 run(s)");
		});

		assertRefused(delete(CLUSTERS + "/busy"), 409, cliError("cluster", "remove", "busy"));
		assertRefused(delete(CLUSTERS + "/storied"), 409, cliError("cluster", "remove", "storied"));
		assertRefused(delete(CLUSTERS + "/nope"), 404, cliError("cluster", "remove", "nope"));
		assertThat(cli("cluster", "list")).contains("busy").contains("storied");

		this.mvc.perform(as("otto", delete(CLUSTERS + "/storied").param("withHistory", "true")))
			.andExpect(status().isNoContent());
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM patch_runs").query(Long.class).single()).isZero();
		assertThat(latest("storied").detail()).isEqualTo("with 1 node(s) and 1 run(s)");
	}

	@Test
	void aNodeIsAddedAsNodeAddAddsIt() throws Exception {
		cli("cluster", "add", "prod-eu-1");
		cli("cluster", "add", "shop", "--kind", "eks", "--eks-cluster", "shop", "--region", "eu-west-1");
		Path key = Files.writeString(this.dir.resolve("id_w1"), "KEY");

		this.mvc.perform(as("otto", post(CLUSTERS + "/prod-eu-1/nodes").contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\": \"w-1\", \"address\": \"10.0.0.21\", \"role\": \"worker\", \"port\": 2222, \"sshKey\": \""
					+ key + "\"}")))
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", "http://localhost/api/v1/clusters/prod-eu-1/nodes/w-1"))
			.andExpect(jsonPath("$.name").value("w-1"))
			.andExpect(jsonPath("$.address").value("10.0.0.21"))
			.andExpect(jsonPath("$.port").value(2222))
			.andExpect(jsonPath("$.role").value("worker"))
			.andExpect(jsonPath("$.sshKey").value(key.toString()))
			.andExpect(jsonPath("$.state").value("new"));
		assertThat(cli("node", "list", "prod-eu-1")).contains("w-1").contains("10.0.0.21");
		assertThat(latest("prod-eu-1").detail()).isEqualTo("node w-1: worker at 10.0.0.21:2222, ssh-key " + key);

		assertRefused(addNode("prod-eu-1", "w-1", "10.0.0.22", "worker"), 409,
				cliError("node", "add", "prod-eu-1", "w-1", "--address", "10.0.0.22", "--role", "worker"));
		assertRefused(addNode("prod-eu-1", "w-2", "-oProxyCommand=x", "worker"), 400,
				cliError("node", "add", "prod-eu-1", "w-2", "--address", "-oProxyCommand=x", "--role", "worker"));
		assertRefused(addNode("prod-eu-1", "w-2", "10.0.0.22", "boss"), 400,
				cliError("node", "add", "prod-eu-1", "w-2", "--address", "10.0.0.22", "--role", "boss"));
		assertRefused(addNode("prod-eu-1", "localhost", "10.0.0.22", "worker"), 400,
				cliError("node", "add", "prod-eu-1", "localhost", "--address", "10.0.0.22", "--role", "worker"));
		assertRefused(addNode("shop", "w-1", "10.0.0.22", "worker"), 400,
				cliError("node", "add", "shop", "w-1", "--address", "10.0.0.22", "--role", "worker"));
		assertRefused(addNode("nope", "w-1", "10.0.0.22", "worker"), 404,
				"unknown cluster 'nope'; 'ospatch cluster list' shows the clusters");
		assertRefused(post(CLUSTERS + "/prod-eu-1/nodes").contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\": \"w-2\", \"address\": \"10.0.0.22\"}"), 400,
				"node 'w-2': a role is required (control-plane or worker)");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM nodes").query(Long.class).single()).isOne();
	}

	@Test
	void aNodeIsRemovedUnlessARunHoldsItsClusterOrItHasResultsAndNotWithHistory() throws Exception {
		FleetScenario fleet = new FleetScenario(this.context);
		fleet.cluster("plain", 2).cluster("storied", 1).cluster("busy", 1);
		fleet.run("storied", RunOutcome.COMPLIANT, null, 1);
		lease("busy");

		this.mvc.perform(as("otto", delete(CLUSTERS + "/plain/nodes/w-1"))).andExpect(status().isNoContent());
		assertThat(cli("node", "list", "plain")).doesNotContain("w-1 ").contains("w-2");
		assertThat(latest("plain")).satisfies((entry) -> {
			assertThat(entry.action()).isEqualTo("node remove");
			assertThat(entry.detail()).isEqualTo("node w-1");
		});

		assertRefused(delete(CLUSTERS + "/plain/nodes/w-9"), 404, cliError("node", "remove", "plain", "w-9"));
		assertRefused(delete(CLUSTERS + "/nope/nodes/w-1"), 404, cliError("node", "remove", "nope", "w-1"));
		assertRefused(delete(CLUSTERS + "/busy/nodes/w-1"), 409, cliError("node", "remove", "busy", "w-1"));
		assertRefused(delete(CLUSTERS + "/storied/nodes/w-1"), 409, cliError("node", "remove", "storied", "w-1"));
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM nodes").query(Long.class).single()).isEqualTo(3);

		this.mvc.perform(as("otto", delete(CLUSTERS + "/storied/nodes/w-1").param("withHistory", "true")))
			.andExpect(status().isNoContent());
		assertThat(latest("storied").detail()).isEqualTo("node w-1, with its results in 1 run(s)");
	}

	@Test
	void aViewerGets403AndAnAnonymousCaller401OnEveryChangeAndNothingChanges() throws Exception {
		cli("cluster", "add", "prod-eu-1", "--schedule", "weekly");
		cli("node", "add", "prod-eu-1", "w-1", "--address", "10.0.0.1", "--role", "worker");
		String before = cli("cluster", "show", "prod-eu-1");
		List<AuditEntry> trail = this.audit.recent(null, 10);
		List<MockHttpServletRequestBuilder> changes = List.of(
				post(CLUSTERS).contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"new-1\"}"),
				patch(CLUSTERS + "/prod-eu-1").contentType(MediaType.APPLICATION_JSON).content("{\"schedule\": null}"),
				delete(CLUSTERS + "/prod-eu-1"),
				post(CLUSTERS + "/prod-eu-1/nodes").contentType(MediaType.APPLICATION_JSON)
					.content("{\"name\": \"w-2\", \"address\": \"10.0.0.2\", \"role\": \"worker\"}"),
				delete(CLUSTERS + "/prod-eu-1/nodes/w-1"));

		for (MockHttpServletRequestBuilder change : changes) {
			this.mvc.perform(change.with(httpBasic("vera", "viewer-password-1")))
				.andExpect(status().isForbidden())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.detail").value("this needs the role operator"));
			this.mvc.perform(change.with((request) -> {
				request.removeHeader("Authorization");
				return request;
			}))
				.andExpect(status().isUnauthorized())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		}

		assertThat(cli("cluster", "show", "prod-eu-1")).isEqualTo(before);
		assertThat(cli("cluster", "list")).doesNotContain("new-1");
		assertThat(this.audit.recent(null, 10)).isEqualTo(trail);
	}

	@Test
	void theAuditTrailIsReadNewestFirstByClusterAndARemovedClusterKeepsIt() throws Exception {
		cli("cluster", "add", "prod-eu-1");
		cli("cluster", "add", "other");
		this.mvc.perform(as("otto", patchOf("prod-eu-1", "{\"schedule\": \"weekly\"}"))).andExpect(status().isOk());
		this.mvc.perform(as("otto", delete(CLUSTERS + "/prod-eu-1"))).andExpect(status().isNoContent());

		this.mvc.perform(get("/api/v1/audit").param("cluster", "prod-eu-1").with(httpBasic("vera", "viewer-password-1")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.length()").value(3))
			.andExpect(jsonPath("$[0].action").value("cluster remove"))
			.andExpect(jsonPath("$[0].actor").value("otto"))
			.andExpect(jsonPath("$[0].cluster").value("prod-eu-1"))
			.andExpect(jsonPath("$[1].action").value("cluster set"))
			.andExpect(jsonPath("$[1].detail").value("schedule: none -> weekly"))
			.andExpect(jsonPath("$[2].action").value("cluster add"))
			.andExpect(jsonPath("$[2].actor").value(org.hamcrest.Matchers.containsString("@")))
			.andExpect(jsonPath("$[0].at").value(org.hamcrest.Matchers.matchesPattern("\\d{4}-\\d\\d-\\d\\dT.*Z")));
		this.mvc.perform(get("/api/v1/audit").param("limit", "2").with(httpBasic("vera", "viewer-password-1")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.length()").value(2))
			.andExpect(jsonPath("$[0].action").value("cluster remove"));
		this.mvc.perform(get("/api/v1/audit").param("limit", "0").with(httpBasic("vera", "viewer-password-1")))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("limit must be 1-1000, not 0"));
		this.mvc.perform(get("/api/v1/audit").param("cluster", "Bad Name").with(httpBasic("vera", "viewer-password-1")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("invalid cluster name 'Bad Name'")));
		this.mvc.perform(get("/api/v1/audit")).andExpect(status().isUnauthorized());
	}

	private ResultActions assertRefused(MockHttpServletRequestBuilder request, int status, String detail) throws Exception {
		ResultActions result = this.mvc.perform(as("otto", request))
			.andExpect(status().is(status))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(status));
		if (detail != null) {
			result.andExpect(jsonPath("$.detail").value(detail));
		}
		return result;
	}

	private static MockHttpServletRequestBuilder patchOf(String cluster, String json) {
		return patch(CLUSTERS + "/" + cluster).contentType(FleetChangeApiController.MERGE_PATCH_JSON).content(json);
	}

	private static MockHttpServletRequestBuilder addNode(String cluster, String name, String address, String role) {
		return post(CLUSTERS + "/" + cluster + "/nodes").contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\": \"" + name + "\", \"address\": \"" + address + "\", \"role\": \"" + role + "\"}");
	}

	private static MockHttpServletRequestBuilder as(String user, MockHttpServletRequestBuilder request) {
		return request.with(httpBasic(user, "otto".equals(user) ? "operator-password-1" : "viewer-password-1"));
	}

	private AuditEntry latest(String cluster) {
		return this.audit.recent(cluster, 1).get(0);
	}

	private void lease(String cluster) {
		long id = this.jdbc.sql("SELECT id FROM clusters WHERE name = ?").param(cluster).query(Long.class).single();
		LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
		this.jdbc.sql("INSERT INTO cluster_leases (cluster_id, token, host, pid, acquired_at, heartbeat_at) "
				+ "VALUES (?, 'a-run', 'elsewhere', 1, ?, ?)").params(id, now, now).update();
	}

	private Path ownerOnly(String name, String content) throws Exception {
		Path file = Files.writeString(this.dir.resolve(name), content);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		return file;
	}

	private String cli(String... args) {
		return CliRunner.succeeded(this.context, args);
	}

	/** What the command line says of bad input, without its {@code ospatch: } prefix. */
	private String cliError(String... args) {
		CliRunner.Result result = CliRunner.run(this.context, args);
		assertThat(result.exitCode()).as(String.join(" ", args)).isIn(2, 75);
		assertThat(result.err().lines()).as(result.err()).hasSize(1);
		return result.err().strip().replaceFirst("^ospatch: ", "");
	}

}
