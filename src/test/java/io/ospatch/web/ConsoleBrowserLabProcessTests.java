package io.ospatch.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ospatch.support.LabFleet;
import io.ospatch.support.OspatchProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The console as a platform engineer uses it: a real {@code ospatch serve} (the packaged jar, on the
 * embedded H2 default under its own {@code OSPATCH_HOME}) driven by headless Chromium (Debian's
 * {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}), patching a cluster of the lab fleet
 * with real {@code ansible-playbook}, SSH and apt. Log in, set a custom OS patching schedule and see
 * its next fire times, save it and find it on the fleet page and in {@code ospatch cluster show},
 * then Patch now and watch the run page reach its outcome — with no console error on any page.
 * Screenshots go to {@code target/console-screenshots/}.
 */
class ConsoleBrowserLabProcessTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Path SCREENSHOTS = Path.of("target/console-screenshots");

	private static final String PASSWORD = "console-browser-test-password";

	private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

	private static final Duration RUN_TIMEOUT = Duration.ofMinutes(8);

	private static final Pattern SERVING = Pattern.compile("ospatch serving on (http://\\S+/)");

	@TempDir
	Path dir;

	private LabFleet lab;

	private Map<String, String> environment;

	private final List<OspatchProcess> processes = new ArrayList<>();

	private final List<String> consoleErrors = new ArrayList<>();

	private Path profile;

	private ChromeDriver browser;

	private String base;

	@BeforeEach
	void serveTheLabFleet() throws IOException {
		if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
			fail(CHROMIUM + " or " + CHROMEDRIVER + " is missing: run 'bash lab/prereqs' to install Chromium and its driver");
		}
		this.lab = LabFleet.get();
		this.lab.reset();
		this.lab.behind("lab-a-2");
		this.environment = Map.of("OSPATCH_HOME", this.dir.resolve("home").toString(), "OSPATCH_ANSIBLE_PLAYBOOKS_DIR",
				Path.of("playbooks").toAbsolutePath().toString(), "OSPATCH_ADMIN_PASSWORD", PASSWORD);
		OspatchProcess imported = run("import", this.lab.fleetYaml(this.dir).toString());
		assertThat(imported.exitCode()).as(imported.stderr()).isZero();
		OspatchProcess serve = start("serve", "--bind", "127.0.0.1", "--port", "0");
		Matcher serving = SERVING.matcher(serve.awaitLine(SERVING.pattern(), COMMAND_TIMEOUT));
		assertThat(serving.find()).isTrue();
		this.base = serving.group(1);
		startBrowser();
	}

	@AfterEach
	void stopEverything() {
		try {
			if (this.browser != null) {
				this.browser.quit();
			}
		}
		finally {
			this.processes.forEach(OspatchProcess::close);
			if (this.profile != null) {
				FileSystemUtils.deleteRecursively(this.profile.toFile());
			}
		}
	}

	@Test
	void setAScheduleThenPatchNowAndWatchTheRunReachItsOutcome() throws Exception {
		open("");
		assertThat(this.browser.getCurrentUrl()).as("a page needs a login").contains("/login");
		this.browser.findElement(By.id("username")).sendKeys("admin");
		this.browser.findElement(By.id("password")).sendKeys(PASSWORD);
		screenshot("login");
		follow(By.cssSelector("form[action$='/login'] button[type=submit]"));
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).containsIgnoringCase("fleet");
		screenshot("fleet-before");

		follow(By.linkText("lab-a"));
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).contains("OS Patching Schedule");
		this.browser.findElement(By.id("schedule-custom")).click();
		type("month", "*");
		type("day", "15");
		type("hour", "2");
		type("minute", "30");
		type("timezone", "Asia/Kolkata");
		follow(By.cssSelector("button[value=preview]"));
		WebElement previewed = this.browser.findElement(By.id("previewed"));
		assertThat(previewed.isDisplayed()).isTrue();
		String preview = this.browser.findElement(By.id("main")).getText();
		assertThat(preview).as("the next fire times of the custom schedule, in the cluster's timezone")
			.containsPattern("\\d{4}-\\d{2}-15T02:30\\+05:30");
		screenshot("schedule-preview");
		follow(By.cssSelector("button[value=save]"));
		assertThat(this.browser.findElement(By.id("main")).getText()).containsIgnoringCase("saved");
		screenshot("schedule-saved");

		open("");
		String fleetRow = this.browser.findElement(By.xpath("//tr[.//a[normalize-space()='lab-a']]")).getText();
		assertThat(fleetRow).as("the fleet shows the new next fire time").containsPattern("-15T02:30");
		screenshot("fleet-after-save");
		OspatchProcess show = run("cluster", "show", "lab-a");
		assertThat(show.exitCode()).as(show.stderr()).isZero();
		assertThat(show.stdout()).contains("30 2 15 * *").contains("Asia/Kolkata");

		open("");
		follow(By.xpath("//tr[.//a[normalize-space()='lab-a']]//a[normalize-space()='Patch now']"));
		String plan = this.browser.findElement(By.id("main")).getText();
		assertThat(plan).as("the plan: the control plane alone first").contains("lab-a-1").contains("lab-a-2").contains("lab-a-3");
		screenshot("patch-now-plan");
		follow(By.xpath("//main//form[@method='post']//button[starts-with(normalize-space(), 'Patch 3 nodes of cluster lab-a')]"));
		assertThat(this.browser.getCurrentUrl()).as("Patch now leads to its run").containsPattern("/runs/\\d+$");
		screenshot("run-started");
		String outcome = awaitOutcome();
		assertThat(outcome).isEqualTo("compliant");
		String run = this.browser.findElement(By.id("main")).getText();
		assertThat(run).contains("lab-a-1").contains("lab-a-2").contains("lab-a-3").contains("admin");
		screenshot("run-finished");
		assertThat(this.lab.debianVersion("lab-a-2")).isEqualTo(this.lab.debianVersion("lab-a-1"));

		assertThat(this.consoleErrors).as("console errors on the pages").isEmpty();
	}

	/** The run page refreshes itself while the run goes on; its outcome, once it has one. */
	private String awaitOutcome() throws InterruptedException, IOException {
		Instant deadline = Instant.now().plus(RUN_TIMEOUT);
		while (Instant.now().isBefore(deadline)) {
			try {
				String outcome = this.browser.findElement(By.cssSelector("dl.facts span.status")).getText().strip();
				if (!outcome.isEmpty() && !outcome.equals("running")) {
					settled();
					return outcome;
				}
			}
			catch (NoSuchElementException | org.openqa.selenium.StaleElementReferenceException ex) {
				// the page is being reloaded by its own refresh: look again in a moment
			}
			Thread.sleep(1000);
		}
		screenshot("run-timed-out");
		return fail("the run page did not show an outcome within " + RUN_TIMEOUT + ": "
				+ this.browser.findElement(By.tagName("body")).getText());
	}

	private void open(String path) {
		this.browser.get(this.base + path);
		settled();
	}

	/**
	 * Clicks what leads to another page and waits until that page has replaced this one: a click
	 * returns before a form's answer has loaded, and the old page's elements would be read.
	 */
	private void follow(By target) throws InterruptedException {
		WebElement old = this.browser.findElement(By.tagName("html"));
		this.browser.findElement(target).click();
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (!replaced(old) || !"complete".equals(this.browser.executeScript("return document.readyState"))) {
			assertThat(Instant.now()).as("the page after clicking " + target + " loaded within 60 s").isBefore(deadline);
			Thread.sleep(100);
		}
		settled();
	}

	private static boolean replaced(WebElement element) {
		try {
			element.getTagName();
			return false;
		}
		catch (org.openqa.selenium.StaleElementReferenceException ex) {
			return true;
		}
	}

	private void type(String id, String text) {
		WebElement input = this.browser.findElement(By.id(id));
		input.clear();
		input.sendKeys(text);
	}

	/** Collects the console's errors of the page just loaded: every page is checked, not only the last. */
	private void settled() {
		for (LogEntry entry : this.browser.manage().logs().get(LogType.BROWSER).getAll()) {
			if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
				this.consoleErrors.add(this.browser.getCurrentUrl() + ": " + entry.getMessage());
			}
		}
	}

	private void screenshot(String name) throws IOException {
		Files.createDirectories(SCREENSHOTS);
		Path shot = this.browser.getScreenshotAs(OutputType.FILE).toPath();
		Files.move(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
	}

	private void startBrowser() throws IOException {
		this.profile = Files.createTempDirectory("ospatch-console-chromium-");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--window-size=1400,1000", "--user-data-dir=" + this.profile);
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
		this.browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
	}

	private OspatchProcess start(String... args) {
		OspatchProcess process = OspatchProcess.start(this.dir, this.environment, args);
		this.processes.add(process);
		return process;
	}

	private OspatchProcess run(String... args) {
		OspatchProcess process = start(args);
		process.waitFor(COMMAND_TIMEOUT);
		return process;
	}

}
