package io.ospatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.ospatch.cronjob.CronJobManifests;
import io.ospatch.support.DatabaseCleaner;
import io.ospatch.support.Kubectl;
import io.ospatch.support.KubernetesYaml;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ospatch cronjobs} renders the CronJobs the clusters in the database need, and only those;
 * a directory it writes is a kustomization {@code kubectl kustomize} builds.
 */
@SpringBootTest
class CronJobsCommandIntegrationTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@TempDir
	Path dir;

	@BeforeEach
	void cleanDatabase() {
		DatabaseCleaner.clean(this.jdbc);
	}

	@Test
	void theCronJobsMatchTheSchedulesAndZonesOfTheClusters() {
		givenClusters();

		CliRunner.Result result = run("cronjobs", "--image", "registry.example.com/ospatch:0.1.0");

		assertThat(result.exitCode()).as(result.err()).isZero();
		List<CronJob> cronJobs = cronJobs(result.out());
		assertThat(cronJobs).allSatisfy((cronJob) -> assertThat(
				cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
			.isEqualTo("registry.example.com/ospatch:0.1.0"));
		assertThat(cronJobs).extracting((cronJob) -> cronJob.getMetadata().getName() + " " + cronJob.getSpec().getSchedule()
				+ " " + cronJob.getSpec().getTimeZone())
			.containsExactly("ospatch-custom-" + hashOf(cronJobs.get(0)) + "-asia-tokyo 30 2 * * 1-5 Asia/Tokyo",
					"ospatch-monthly-utc 0 0 1 * * UTC", "ospatch-weekly-europe-paris 0 0 * * 0 Europe/Paris");
		assertThat(cronJobs.get(2).getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
			.containsExactly("scheduled", "--schedule", "weekly");
		assertThat(result.err()).contains("cluster 'legacy' has the schedule 'weekly' but gets no CronJob");
	}

	@Test
	void intoADirectoryItWritesAKustomizationAndRemovesWhatIsNoLongerNeeded() throws Exception {
		givenClusters();
		Path out = this.dir.resolve("rendered");
		Path mine = Files.writeString(Files.createDirectories(out).resolve("mine.yaml"), "# an operator's own file\n");
		assertThat(run("cronjobs", "--out", out.toString()).exitCode()).isZero();

		run("cluster", "set", "paris", "--schedule", "monthly");
		run("cluster", "set", "paris-2", "--schedule", "none");
		CliRunner.Result again = run("cronjobs", "--out", out.toString());

		assertThat(again.exitCode()).as(again.err()).isZero();
		assertThat(again.out()).contains("removed " + out.resolve("ospatch-weekly-europe-paris.yaml"));
		List<HasMetadata> built = KubernetesYaml.parseAll(Kubectl.kustomize(out));
		assertThat(built).extracting((resource) -> resource.getMetadata().getName())
			.containsExactlyInAnyOrder("ospatch-monthly-europe-paris", "ospatch-monthly-utc",
					"ospatch-custom-" + hashOf((CronJob) built.stream()
						.filter((resource) -> resource.getMetadata().getName().startsWith("ospatch-custom-"))
						.findFirst()
						.orElseThrow()) + "-asia-tokyo");
		assertThat(out.resolve("ospatch-weekly-europe-paris.yaml")).doesNotExist();
		assertThat(mine).hasContent("# an operator's own file");
		assertThat(Files.readAllLines(out.resolve("ospatch-monthly-utc.yaml")).get(0)).isEqualTo(CronJobManifests.MARKER);
	}

	@Test
	void aFileItDidNotWriteIsNeverReplaced() throws Exception {
		givenClusters();
		Path kustomization = Files.writeString(this.dir.resolve("kustomization.yaml"), "resources: [mine.yaml]\n");

		CliRunner.Result result = run("cronjobs", "--out", this.dir.toString());

		assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(result.err()).contains("kustomization.yaml is not a file `ospatch cronjobs` wrote").doesNotContain("Exception");
		assertThat(kustomization).hasContent("resources: [mine.yaml]");
		try (Stream<Path> files = Files.list(this.dir)) {
			assertThat(files).containsExactly(kustomization);
		}
	}

	@Test
	void aTimezoneACronJobCannotTakeIsRefusedBeforeAnythingIsWritten() {
		givenClusters();
		run("cluster", "add", "mumbai", "--schedule", "weekly", "--timezone", "+05:30");
		Path out = this.dir.resolve("rendered");

		CliRunner.Result result = run("cronjobs", "--out", out.toString());

		assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(result.err()).isEqualTo("ospatch: cluster 'mumbai': timezone +05:30 has no IANA name for a CronJob's "
				+ "timeZone: set a region such as Europe/Paris (cluster set mumbai --timezone ZONE)\n");
		assertThat(out).doesNotExist();
	}

	@Test
	void withNoClusterScheduledItSaysSoAndSucceeds() {
		run("cluster", "add", "idle", "--timezone", "Europe/Paris");

		CliRunner.Result result = run("cronjobs");

		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).isEmpty();
		assertThat(result.err()).isEqualTo("ospatch: no cluster has a schedule ospatch patches on: no CronJobs to render\n");
	}

	private void givenClusters() {
		run("cluster", "add", "paris", "--schedule", "weekly", "--timezone", "Europe/Paris");
		run("cluster", "add", "paris-2", "--schedule", "weekly", "--timezone", "Europe/Paris");
		run("cluster", "add", "tokyo", "--schedule", "30 2 * * 1-5", "--timezone", "Asia/Tokyo");
		run("cluster", "add", "utc", "--schedule", "monthly");
		run("cluster", "add", "idle");
		run("cluster", "add", "legacy", "--kind", "imported");
		// a row from before schedules were refused on kinds ospatch does not patch
		this.jdbc.sql("UPDATE clusters SET schedule = 'weekly' WHERE name = 'legacy'").update();
	}

	private static List<CronJob> cronJobs(String yaml) {
		return KubernetesYaml.parseAll(yaml).stream().map(CronJob.class::cast).toList();
	}

	/** A custom schedule's CronJob names it by a hash; the expression itself is in its annotation. */
	private static String hashOf(CronJob custom) {
		assertThat(custom.getMetadata().getAnnotations()).containsEntry("ospatch.io/schedule", "30 2 * * 1-5");
		return custom.getMetadata().getName().split("-")[2];
	}

	private CliRunner.Result run(String... args) {
		return CliRunner.run(this.context, args);
	}

}
