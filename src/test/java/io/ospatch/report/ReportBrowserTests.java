package io.ospatch.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import io.ospatch.ansible.PackageChange;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.NodeRole;
import io.ospatch.run.NodeEvent;
import io.ospatch.run.NodeEvents;
import io.ospatch.run.NodeResultRepository;
import io.ospatch.run.NodeResultStatus;
import io.ospatch.run.RunEvent;
import io.ospatch.run.RunEvents;
import io.ospatch.run.RunOutcome;
import io.ospatch.run.RunRepository;
import io.ospatch.run.Trigger;
import io.ospatch.support.DatabaseCleaner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A rendered report as a reader sees it, in headless Chromium (Debian's {@code /usr/bin/chromium}
 * driven by {@code /usr/bin/chromedriver}): no console errors (a CSP violation would be one), the
 * summary and the node table displayed, and at a desktop and a phone width nothing cut off: the page
 * never overflows sideways, only the tables scroll, each inside its own box. Screenshots go to
 * {@code target/report-screenshots/}.
 */
@SpringBootTest(properties = "ospatch.reports-dir=target/report-rendering-tests")
class ReportBrowserTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Path SCREENSHOTS = Path.of("target/report-screenshots");

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RunReports reports;

	ReportRuns given;

	@Autowired
	NodeEvents nodeEvents;

	Path profile;

	ChromeDriver browser;

	@Autowired
	void fixture(FleetService fleet, RunRepository runs, NodeResultRepository results, RunEvents events) {
		this.given = new ReportRuns(fleet, runs, results, events);
	}

	@BeforeEach
	void startBrowser() throws IOException {
		DatabaseCleaner.clean(this.jdbc);
		if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
			fail(CHROMIUM + " or " + CHROMEDRIVER + " is missing: run 'bash lab/prereqs' to install Chromium and its driver");
		}
		this.profile = Files.createTempDirectory("ospatch-report-chromium-");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--user-data-dir=" + this.profile);
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
		this.browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
	}

	@AfterEach
	void quitBrowser() {
		try {
			if (this.browser != null) {
				this.browser.quit();
			}
		}
		finally {
			if (this.profile != null) {
				FileSystemUtils.deleteRecursively(this.profile.toFile());
			}
		}
	}

	@Test
	void theReportIsReadableAtDesktopAndPhoneWidths() throws IOException {
		ReportFiles report = this.reports.render(aRealisticRun());

		this.browser.get(report.html().toUri().toString());

		assertThat(this.browser.getTitle()).startsWith("ospatch run");
		for (Map.Entry<String, Integer> width : List.of(Map.entry("desktop", 1400), Map.entry("narrow", 400))) {
			show(width.getValue());
			WebElement summary = this.browser.findElement(By.id("summary"));
			WebElement nodes = this.browser.findElement(By.cssSelector("table.nodes"));
			assertThat(summary.isDisplayed()).as("summary displayed at %s", width.getKey()).isTrue();
			assertThat(summary.getSize().getHeight() * summary.getSize().getWidth()).isPositive();
			assertThat(nodes.isDisplayed()).as("node table displayed at %s", width.getKey()).isTrue();
			assertThat(nodes.getSize().getHeight() * nodes.getSize().getWidth()).isPositive();
			assertThat(this.browser.findElements(By.cssSelector("table.nodes > tbody > tr"))).hasSize(40);
			long viewport = number("return document.documentElement.clientWidth");
			assertThat(number("return document.documentElement.scrollWidth")).as("page width at %s", width.getKey())
				.isLessThanOrEqualTo(viewport);
			assertThat(number("return Math.ceil(document.getElementById('nodes-scroll').getBoundingClientRect().right)"))
				.as("the table's scroll box fits at %s", width.getKey())
				.isLessThanOrEqualTo(viewport);
			assertThat(this.browser.findElement(By.cssSelector("table.events")).isDisplayed()).as("node events shown").isTrue();
			assertThat(this.browser.findElements(By.cssSelector("table.events > tbody > tr"))).hasSize(200);
			assertThat(number("return Math.ceil(document.getElementById('node-events-scroll').getBoundingClientRect().right)"))
				.as("the node events' scroll box fits at %s", width.getKey())
				.isLessThanOrEqualTo(viewport);
			assertThat(number("""
					return Math.max(...Array.from(document.querySelectorAll('#summary .cards li, #run dd, #compliance'))
					    .map((e) => Math.ceil(e.getBoundingClientRect().right)))"""))
				.as("summary and header fit at %s", width.getKey())
				.isLessThanOrEqualTo(viewport);
			screenshot(width.getKey());
			// what is beyond the box is reached by scrolling it, not cut off
			((JavascriptExecutor) this.browser)
				.executeScript("document.getElementById('nodes').scrollIntoView(); "
						+ "const box = document.getElementById('nodes-scroll'); box.scrollLeft = box.scrollWidth;");
			WebElement lastError = this.browser.findElement(By.cssSelector("table.nodes > tbody > tr:first-child > td.error"));
			assertThat(lastError.isDisplayed()).isTrue();
			assertThat(number("""
					const box = document.getElementById('nodes-scroll').getBoundingClientRect();
					const cell = document.querySelector('table.nodes > tbody > tr:first-child > td.error').getBoundingClientRect();
					return (cell.left >= box.left - 1 && cell.left < box.right) ? 1 : 0""")).as("error column reachable").isEqualTo(1);
			screenshot(width.getKey() + "-table-scrolled");
			((JavascriptExecutor) this.browser)
				.executeScript("document.getElementById('nodes-scroll').scrollLeft = 0; window.scrollTo(0, 0);");
		}
		WebElement packages = this.browser.findElement(By.cssSelector("table.nodes details summary"));
		packages.click();
		((JavascriptExecutor) this.browser).executeScript("""
				const cell = arguments[0].closest('td');
				const box = document.getElementById('nodes-scroll');
				box.scrollLeft = cell.offsetLeft - box.querySelector('td.node').offsetWidth;
				window.scrollTo(0, cell.getBoundingClientRect().top + window.scrollY - 40);""", packages);
		assertThat(this.browser.findElement(By.cssSelector("table.nodes td.package-name")).isDisplayed()).isTrue();
		screenshot("narrow-details-open");
		this.browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
		assertThat(((JavascriptExecutor) this.browser)
			.executeScript("return getComputedStyle(document.getElementById('nodes-scroll')).overflowX"))
			.as("printed, the table is not cut at the scroll box").isEqualTo("visible");
		this.browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
		List<LogEntry> severe = this.browser.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
			.toList();
		assertThat(severe).as("console errors").isEmpty();
	}

	private long aRealisticRun() {
		long runId = this.given.run("web", Trigger.SCHEDULED, "scheduler", ReportRuns.START);
		NodeResultStatus[] statuses = NodeResultStatus.values();
		for (int i = 0; i < 40; i++) {
			NodeResultStatus status = (i % 4 != 3) ? NodeResultStatus.PATCHED : statuses[(i / 4) % statuses.length];
			String error = switch (status) {
				case FAILED, SKIPPED -> "apt-get upgrade failed: E: Sub-process /usr/bin/dpkg returned an error code (1) "
						+ "<script>alert(1)</script> while unpacking linux-image-6.1.0-37-amd64_6.1.140-1_amd64.deb";
				case UNREACHABLE -> "ssh: connect to host 10.0.0." + i + " port 22: Connection timed out";
				default -> null;
			};
			int packages = (status == NodeResultStatus.PATCHED) ? 3 + i % 4 : 0;
			List<PackageChange> changes = new java.util.ArrayList<>(ReportRuns.packages(packages - 1, i));
			if (packages > 0) {
				changes.add(new PackageChange("linux-image-6.1.0-37-cloud-amd64-unsigned-with-a-rather-long-name", "6.1.137-1",
						"6.1.140-1", true, List.of("CVE-2025-37899", "CVE-2025-38001")));
			}
			long nodeId = this.given.node(runId, "web", (i < 3) ? NodeRole.CONTROL_PLANE : NodeRole.WORKER,
					ReportRuns.debian("web-node-" + i, 1 + i / 4, status, packages, error), changes);
			java.time.Instant chunkStart = ReportRuns.START.plusSeconds(60L * (i / 4));
			this.nodeEvents.record(runId, nodeId, NodeEvent.Kind.CORDONED, null, chunkStart);
			this.nodeEvents.record(runId, nodeId, NodeEvent.Kind.DRAINED, (i % 5 == 0)
					? "evicted default/web-frontend-7d9c8b6f5-x2x9k, default/web-frontend-7d9c8b6f5-q8w4z, monitoring/node-exporter-long-name-abcdef"
					: null, chunkStart.plusMillis(1_500));
			this.nodeEvents.record(runId, nodeId, NodeEvent.Kind.PATCHING, null, chunkStart.plusSeconds(2));
			this.nodeEvents.record(runId, nodeId, NodeEvent.Kind.PATCHED, null, chunkStart.plusSeconds(40));
			this.nodeEvents.record(runId, nodeId, NodeEvent.Kind.UNCORDONED, null, chunkStart.plusSeconds(45));
		}
		this.given.event(runId, RunEvent.Kind.INTERRUPTED, "process 4242 on host-a gone", Duration.ofMinutes(5));
		this.given.event(runId, RunEvent.Kind.RESUMED, "scheduler", Duration.ofMinutes(7));
		this.given.finish(runId, RunOutcome.PARTIAL, "3 nodes skipped within the failure budget of 25%", Duration.ofMinutes(42));
		return runId;
	}

	private void show(int width) {
		this.browser.manage().window().setSize(new Dimension(width, 900));
		if (number("return window.innerWidth") != width) {
			// a headless window may keep a minimum width: emulate the screen instead
			this.browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
					Map.of("width", width, "height", 900, "deviceScaleFactor", 1, "mobile", false));
		}
		assertThat(number("return window.innerWidth")).isEqualTo(width);
	}

	private long number(String script) {
		return ((Number) ((JavascriptExecutor) this.browser).executeScript(script)).longValue();
	}

	private void screenshot(String name) throws IOException {
		Files.createDirectories(SCREENSHOTS);
		Path shot = this.browser.getScreenshotAs(OutputType.FILE).toPath();
		Files.move(shot, SCREENSHOTS.resolve("report-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
	}

}
