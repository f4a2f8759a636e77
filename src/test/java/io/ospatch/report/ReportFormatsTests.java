package io.ospatch.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.ospatch.ansible.PackageChange;
import io.ospatch.run.RunEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How reports write times, durations, CSV cells, interruptions and the CVE table, without a database. */
class ReportFormatsTests {

	@Test
	void timesAreUtcToTheSecond() {
		assertThat(ReportTimes.time(Instant.parse("2026-11-26T14:03:07.123456Z"))).isEqualTo("2026-11-26 14:03:07 UTC");
		assertThat(ReportTimes.time(null)).isEqualTo("–");
	}

	@Test
	void durationsReadAsAPersonSaysThem() {
		assertThat(ReportTimes.duration(Duration.ofSeconds(252))).isEqualTo("4 min 12 s");
		assertThat(ReportTimes.duration(Duration.ofSeconds(0))).isEqualTo("0 s");
		assertThat(ReportTimes.duration(Duration.ofSeconds(59))).isEqualTo("59 s");
		assertThat(ReportTimes.duration(Duration.ofMinutes(3))).isEqualTo("3 min");
		assertThat(ReportTimes.duration(Duration.ofMinutes(125).plusSeconds(9))).isEqualTo("2 h 5 min");
		assertThat(ReportTimes.duration(Duration.ofHours(76))).isEqualTo("3 d 4 h");
		assertThat(ReportTimes.duration(Duration.ofSeconds(-5))).as("clocks that went back").isEqualTo("0 s");
		assertThat(ReportTimes.duration(Instant.EPOCH, null)).isEqualTo("–");
	}

	@Test
	void csvCellsAreQuotedAsRfc4180SaysAndNeverRunAsFormulas() {
		assertThat(CsvReportWriter.cell("plain")).isEqualTo("plain");
		assertThat(CsvReportWriter.cell(null)).isEmpty();
		assertThat(CsvReportWriter.cell("a,b")).isEqualTo("\"a,b\"");
		assertThat(CsvReportWriter.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
		assertThat(CsvReportWriter.cell("two\nlines")).isEqualTo("\"two\nlines\"");
		assertThat(CsvReportWriter.cell("=1+2")).isEqualTo("'=1+2");
		assertThat(CsvReportWriter.cell("+1")).isEqualTo("'+1");
		assertThat(CsvReportWriter.cell("-1")).isEqualTo("'-1");
		assertThat(CsvReportWriter.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
		assertThat(CsvReportWriter.cell("\t=cmd")).isEqualTo("'\t=cmd");
		assertThat(CsvReportWriter.cell("=HYPERLINK(\"x\",\"y\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
		assertThat(CsvReportWriter.cell("1-2")).as("only a leading sign counts").isEqualTo("1-2");
	}

	@Test
	void versionsCompareByTheirNumbersAndTextPartsAsText() {
		assertThat(OsStream.compareVersions("12.9", "12.12")).isNegative();
		assertThat(OsStream.compareVersions("12.12", "12.9")).isPositive();
		assertThat(OsStream.compareVersions("12", "12.0")).as("a missing part is 0").isZero();
		assertThat(OsStream.compareVersions("12.1", "12")).isPositive();
		assertThat(OsStream.compareVersions("12.rc1", "12.rc2")).as("text parts compare as text").isNegative();
		assertThat(OsStream.compareVersions("12.10", "12.9a")).as("a number against text: as text").isNegative();
		assertThat(OsStream.compareVersions("1.1234567890123456789", "1.2")).as("more than 18 digits: as text").isNegative();
		assertThat(OsStream.compareVersions("1..2", "1.0.2")).as("an empty part is text").isNegative();
		assertThat(OsStream.compareVersions(null, "1")).isNegative();
		assertThat(OsStream.compareVersions(null, null)).isZero();
	}

	@Test
	void eachResumptionIsPairedWithTheInterruptionBeforeIt() {
		Instant t = Instant.parse("2026-11-26T02:00:00Z");
		List<RunEvent> events = List.of(new RunEvent(t, RunEvent.Kind.STARTED, "alice"),
				new RunEvent(t.plusSeconds(60), RunEvent.Kind.LEASE_LOST, "taken over"),
				new RunEvent(t.plusSeconds(120), RunEvent.Kind.RESUMED, "bob"),
				new RunEvent(t.plusSeconds(180), RunEvent.Kind.RESUMED, "carol"),
				new RunEvent(t.plusSeconds(240), RunEvent.Kind.ENDED, "compliant"));

		List<RunReport.Interruption> interruptions = RunReport.interruptions(events);

		assertThat(interruptions).hasSize(2);
		assertThat(interruptions.get(0).label())
			.isEqualTo("lease-lost 2026-11-26 02:01:00 UTC (taken over), resumed 2026-11-26 02:02:00 UTC");
		assertThat(interruptions.get(1).label()).as("a resumption whose interruption was not recorded")
			.isEqualTo("interrupted, resumed 2026-11-26 02:03:00 UTC");
	}

	@Test
	void theCveTableCountsEachNodeOnceAndSortsByYearAndNumber() {
		CveFixes fixes = new CveFixes();
		fixes.add(List.of(new PackageChange("openssl", "1", "2", true, List.of("CVE-2025-10000", "CVE-2024-999")),
				new PackageChange("libssl3", "1", "2", true, List.of("CVE-2025-10000"))));
		fixes.add(List.of(new PackageChange("libssl3", "1", "2", true, List.of("CVE-2025-10000", "CVE-2025-9"))));
		fixes.add(List.of(new PackageChange("bash", "1", "2", false)));

		assertThat(fixes.fixes()).containsExactly(new CveFix("CVE-2024-999", List.of("openssl"), 1),
				new CveFix("CVE-2025-9", List.of("libssl3"), 1), new CveFix("CVE-2025-10000", List.of("libssl3", "openssl"), 2));
	}

}
