package io.ospatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import io.ospatch.support.DatabaseCleaner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster's own webhook from the command line and fleet files: stored, shown redacted (its URL
 * may carry a secret), changed and cleared; a URL that is not http(s) and a secret file that is
 * missing or readable by others are refused with one line and exit 2, changing nothing.
 */
@SpringBootTest
class WebhookClusterSettingsIntegrationTests {

	static final String URL = "https://hooks.slack.com/services/T000/B000/XXXXSECRETPATH";

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@TempDir
	Path dir;

	Path secretFile;

	@BeforeEach
	void clean() throws Exception {
		DatabaseCleaner.clean(this.jdbc);
		this.secretFile = Files.writeString(this.dir.resolve("secret"), "s3cret-value\n");
		Files.setPosixFilePermissions(this.secretFile, PosixFilePermissions.fromString("rw-------"));
	}

	@Test
	void aWebhookIsStoredShownRedactedChangedAndCleared() {
		CliRunner.Result add = run("cluster", "add", "c1", "--webhook-url", URL, "--webhook-secret-file",
				this.secretFile.toString());

		assertThat(add.exitCode()).as(add.err()).isZero();
		assertThat(stored("webhook_url")).isEqualTo(URL);
		assertThat(stored("webhook_secret_path")).isEqualTo(this.secretFile.toString());
		String shown = run("cluster", "show", "c1").out();
		assertThat(shown).contains("webhook:         https://hooks.slack.com/… (signed with the secret read from "
				+ this.secretFile + " when a call is sent)")
			.doesNotContain("XXXXSECRETPATH")
			.doesNotContain("s3cret-value");

		assertThat(run("cluster", "set", "c1", "--webhook-secret-file", "none").exitCode()).isZero();
		assertThat(stored("webhook_secret_path")).isNull();
		assertThat(stored("webhook_url")).isEqualTo(URL);
		assertThat(run("cluster", "show", "c1").out()).contains("webhook:         https://hooks.slack.com/… (unsigned)");

		assertThat(run("cluster", "set", "c1", "--webhook-url", "http://10.0.0.5:8080", "--webhook-secret-file",
				this.secretFile.toString()).exitCode()).isZero();
		assertThat(run("cluster", "show", "c1").out()).contains("webhook:         http://10.0.0.5:8080/ (signed");

		assertThat(run("cluster", "set", "c1", "--webhook-url", "none").exitCode()).isZero();
		assertThat(stored("webhook_url")).isNull();
		assertThat(stored("webhook_secret_path")).as("cleared with its webhook").isNull();
		assertThat(run("cluster", "show", "c1").out()).contains("webhook:         none");
	}

	@ParameterizedTest
	@ValueSource(strings = { "ftp://hooks.example.com/XXXXSECRETPATH", "file:///etc/XXXXSECRETPATH",
			"hooks.example.com/XXXXSECRETPATH", "https:///XXXXSECRETPATH", "https://hooks.example.com/a b/XXXXSECRETPATH",
			"javascript:XXXXSECRETPATH" })
	void aUrlThatIsNotHttpIsRefusedWithoutRepeatingIt(String url) {
		CliRunner.Result refused = run("cluster", "add", "c1", "--webhook-url", url);

		assertBadInput(refused, "webhook-url: ");
		assertThat(refused.err()).doesNotContain("XXXXSECRETPATH");
		assertThat(count()).isZero();
	}

	@Test
	void aSecretFileThatIsMissingOrReadableByOthersIsRefusedAndChangesNothing() throws Exception {
		run("cluster", "add", "c1", "--webhook-url", URL);
		List<Long> before = DatabaseCleaner.rowCounts(this.jdbc);
		Path missing = this.dir.resolve("missing");
		Path readable = Files.writeString(this.dir.resolve("readable"), "s3cret-value\n");
		Files.setPosixFilePermissions(readable, PosixFilePermissions.fromString("rw-r-----"));

		assertBadInput(run("cluster", "set", "c1", "--webhook-secret-file", missing.toString()),
				"webhook secret file " + missing + " does not exist or is not a file");
		CliRunner.Result groupReadable = run("cluster", "set", "c1", "--webhook-secret-file", readable.toString());
		assertBadInput(groupReadable, "webhook secret file " + readable + " may be read by others: make it owner-only (chmod 600)");
		assertThat(groupReadable.err()).doesNotContain("s3cret-value");
		assertBadInput(run("cluster", "add", "c2", "--webhook-url", URL, "--webhook-secret-file", this.dir.toString()),
				"does not exist or is not a file");

		assertThat(stored("webhook_secret_path")).isNull();
		assertThat(DatabaseCleaner.rowCounts(this.jdbc)).isEqualTo(before);
	}

	@Test
	void aSecretFileWithoutAWebhookIsRefused() {
		assertBadInput(run("cluster", "add", "c1", "--webhook-secret-file", this.secretFile.toString()),
				"cluster 'c1': webhook-secret-file signs the cluster's webhook calls: give its webhook-url too");
		assertThat(count()).isZero();
		run("cluster", "add", "c1", "--webhook-url", URL);
		assertBadInput(run("cluster", "set", "c1", "--webhook-url", "none", "--webhook-secret-file",
				this.secretFile.toString()), "webhook-url none clears the webhook with its secret file");
		assertThat(stored("webhook_url")).isEqualTo(URL);
	}

	@Test
	void aFleetFileGivesAClusterItsWebhook() throws Exception {
		Path fleet = Files.writeString(this.dir.resolve("fleet.yaml"), """
				clusters:
				  - name: c1
				    webhook-url: %s
				    webhook-secret-file: %s
				""".formatted(URL, this.secretFile));

		CliRunner.Result imported = run("import", fleet.toString());

		assertThat(imported.exitCode()).as(imported.err()).isZero();
		assertThat(stored("webhook_url")).isEqualTo(URL);
		assertThat(stored("webhook_secret_path")).isEqualTo(this.secretFile.toString());
		assertThat(run("import", fleet.toString()).out()).doesNotContain("XXXXSECRETPATH");
	}

	@Test
	void aFleetFileWithAWebhookThatIsNotHttpIsRefusedWhole() throws Exception {
		Path fleet = Files.writeString(this.dir.resolve("fleet.yaml"), """
				clusters:
				  - name: fine
				  - name: c1
				    webhook-url: gopher://hooks.example.com/XXXXSECRETPATH
				""");

		CliRunner.Result imported = run("import", fleet.toString());

		assertThat(imported.exitCode()).isEqualTo(2);
		assertThat(imported.err()).contains("c1").contains("only http and https URLs are called").doesNotContain("XXXXSECRETPATH");
		assertThat(count()).isZero();
	}

	private static void assertBadInput(CliRunner.Result result, String message) {
		assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
		assertThat(result.err().lines()).singleElement().asString().startsWith("ospatch: ").contains(message)
			.doesNotContain("Exception");
	}

	private long count() {
		return this.jdbc.sql("SELECT COUNT(*) FROM clusters").query(Long.class).single();
	}

	private String stored(String column) {
		return this.jdbc.sql("SELECT " + column + " FROM clusters WHERE name = 'c1'").query(String.class).list().get(0);
	}

	private CliRunner.Result run(String... args) {
		return CliRunner.run(this.context, args);
	}

}
