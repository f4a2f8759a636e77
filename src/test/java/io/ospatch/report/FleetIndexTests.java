package io.ospatch.report;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import io.ospatch.OspatchProperties;
import io.ospatch.run.RunOutcome;
import io.ospatch.run.RunRepository;
import io.ospatch.support.DatabaseCleaner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thymeleaf.ITemplateEngine;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fleet index as a browser and a security team get it: a whole, well-formed page (parsed here as
 * strict XML, which tolerates no unclosed or unescaped markup), every text escaped, no script and
 * nothing fetched, links only to reports on disk, and a file that is replaced whole, never seen half
 * written, however many processes rewrite it at once.
 */
@SpringBootTest
class FleetIndexTests {

	private static final String HOSTILE = "<script>alert('x')</script> & \"<img src=x onerror=alert(1)>\"";

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	FleetCompliance compliance;

	@Autowired
	RunRepository runs;

	@Autowired
	ITemplateEngine templates;

	@TempDir
	Path reports;

	FleetScenario fleet;

	FleetIndex index;

	@BeforeEach
	void cleanDatabase() {
		DatabaseCleaner.clean(this.jdbc);
		this.fleet = new FleetScenario(this.context);
		this.index = new FleetIndex(this.compliance, this.runs, this.templates, new OspatchProperties(this.reports),
				Clock.systemUTC());
	}

	@Test
	void listsEveryClusterThatNeedsAttentionFirstThenNeverPatchedAndNotPatchable() throws Exception {
		// given
		this.fleet.cluster("alpha", 3, "--schedule", "weekly", "--timezone", "Europe/Berlin")
			.cluster("bravo", 2)
			.cluster("delta", 1)
			.cluster("legacy", 1, "--kind", "imported");
		long alphaRun = this.fleet.run("alpha", RunOutcome.PARTIAL, null, 2);
		this.fleet.missed("alpha", java.time.Instant.parse("2026-11-22T00:00:00Z"));
		this.fleet.run("bravo", RunOutcome.HALTED, "2 nodes skipped, budget 1", 0);

		// when
		Path written = this.index.rewrite();

		// then
		assertThat(written).isEqualTo(this.reports.resolve("index.html"));
		Document page = parse(written);
		List<String> rows = texts(page, "//table[1]/tbody/tr/td[1]");
		assertThat(rows).as("both need attention: alpha's latest fire time was missed, bravo halted")
			.containsExactly("alpha", "bravo");
		assertThat(attribute(page, "//table[1]/tbody/tr[1]", "class")).isEqualTo("attention");
		assertThat(attribute(page, "//table[1]/tbody/tr[2]", "class")).isEqualTo("attention");
		assertThat(texts(page, "//table[1]/tbody/tr[1]/td")).contains("alpha", "provisioned", "3", "2",
				"66.6% measured by run " + alphaRun, "weekly (Europe/Berlin)");
		assertThat(texts(page, "//table[1]/tbody/tr[1]/td[7]").get(0)).startsWith("missed");
		assertThat(texts(page, "//table[1]/tbody/tr[1]/td[11]").get(0)).endsWith("(Europe/Berlin)").contains("00:00 +01:00");
		assertThat(texts(page, "//p[@class='fleet']")).containsExactly("2 of 5 nodes compliant (40.0%) in 2 measured clusters");
		assertThat(texts(page, "//table[2]/tbody/tr/td[1]")).containsExactly("delta");
		assertThat(texts(page, "//table[3]/tbody/tr/td[1]")).containsExactly("legacy");
		assertThat(texts(page, "//table[3]/tbody/tr/td[4]").get(0)).contains("managed by their own tooling");
	}

	@Test
	void isSelfContainedAndEscapesEveryText() throws Exception {
		// given: the one free text of a run, its detail, carries markup
		this.fleet.cluster("alpha", 1);
		this.fleet.run("alpha", RunOutcome.HALTED, HOSTILE, 0);

		// when
		Path written = this.index.rewrite();

		// then
		String html = Files.readString(written);
		assertThat(html).doesNotContain("<script").doesNotContain("<img").contains("&lt;script&gt;");
		Document page = parse(written);
		assertThat(texts(page, "//div[@class='detail']")).containsExactly(HOSTILE);
		assertThat(attribute(page, "//meta[@http-equiv='Content-Security-Policy']", "content"))
			.isEqualTo("default-src 'none'; style-src 'unsafe-inline'");
		assertThat(nodes(page, "//script | //link | //img | //iframe | //object | //*[@src] | //*[@style]").getLength())
			.isZero();
		assertThat(html).doesNotContain("http://").doesNotContain("https://");
	}

	@Test
	void linksTheLatestReportsOnDiskNewestFirstAndNoOthers() throws Exception {
		// given: twelve runs with their report on disk, and a newer one without
		this.fleet.cluster("alpha", 1);
		List<Long> withReports = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			long run = this.fleet.run("alpha", RunOutcome.COMPLIANT, null, 1);
			Files.createDirectories(this.reports.resolve("alpha"));
			Files.writeString(this.reports.resolve("alpha").resolve(run + ".html"), "report " + run);
			withReports.add(run);
		}
		long withoutReport = this.fleet.run("alpha", RunOutcome.HALTED, "budget", 0);

		// when
		Document page = parse(this.index.rewrite());

		// then
		List<String> links = texts(page, "//a/@href");
		List<String> expected = withReports.stream()
			.sorted(java.util.Comparator.reverseOrder())
			.limit(FleetIndex.REPORTS_PER_CLUSTER)
			.map((run) -> "alpha/" + run + ".html")
			.toList();
		assertThat(links).containsExactlyElementsOf(expected).doesNotContain("alpha/" + withoutReport + ".html");
		assertThat(links).allSatisfy((link) -> assertThat(this.reports.resolve(link)).isRegularFile());
		assertThat(texts(page, "//table[1]/tbody/tr[1]/td[6]")).containsExactly(Long.toString(withoutReport));
	}

	@Test
	void aClusterWithoutReportsOnDiskSaysSo() throws Exception {
		this.fleet.cluster("alpha", 1);
		this.fleet.run("alpha", RunOutcome.COMPLIANT, null, 1);

		Document page = parse(this.index.rewrite());

		assertThat(nodes(page, "//a").getLength()).isZero();
		assertThat(texts(page, "//table[1]/tbody/tr[1]/td[12]")).containsExactly("none on disk");
	}

	@Test
	void anEmptyFleetGetsAnIndexToo() throws Exception {
		Document page = parse(this.index.rewrite());

		assertThat(texts(page, "//p[@class='fleet']")).containsExactly("0 of 0 nodes compliant (-) in 0 measured clusters");
		assertThat(nodes(page, "//table").getLength()).isZero();
	}

	@Test
	void rewritesAreWholeWhateverManyWriteAtOnceAndLeaveNoTemporaryFiles() throws Exception {
		// given
		this.fleet.cluster("alpha", 2).cluster("bravo", 1);
		this.fleet.run("alpha", RunOutcome.PARTIAL, null, 1);
		Files.writeString(this.reports.resolve("index.html"), "an index from before");
		AtomicBoolean writing = new AtomicBoolean(true);
		ExecutorService pool = Executors.newFixedThreadPool(5);
		try {
			// when: four writers at once while a reader reads
			List<Future<?>> writers = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				writers.add(pool.submit(() -> {
					for (int j = 0; j < 10; j++) {
						this.index.rewrite();
					}
					return null;
				}));
			}
			Future<Integer> reader = pool.submit(() -> {
				int read = 0;
				while (writing.get()) {
					String html = Files.readString(this.reports.resolve("index.html"));
					if (!html.equals("an index from before")) {
						parse(html); // whole, or this throws
						read++;
					}
				}
				return read;
			});
			for (Future<?> writer : writers) {
				writer.get();
			}
			writing.set(false);

			// then
			assertThat(reader.get()).isPositive();
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(texts(parse(this.reports.resolve("index.html")), "//table[1]/tbody/tr/td[1]")).containsExactly("alpha");
		try (Stream<Path> files = Files.list(this.reports)) {
			assertThat(files.map((file) -> file.getFileName().toString())).containsExactly("index.html");
		}
	}

	@Test
	void aReportsDirectoryNotThereYetIsCreated() throws Exception {
		Path nested = this.reports.resolve("not/yet");
		FleetIndex elsewhere = new FleetIndex(this.compliance, this.runs, this.templates, new OspatchProperties(nested),
				Clock.systemUTC());

		assertThat(elsewhere.rewrite()).isRegularFile().isEqualTo(nested.resolve("index.html"));
	}

	static Document parse(Path file) throws Exception {
		return parse(Files.readString(file));
	}

	/** Strict: the page must be well-formed XML; no DTD is fetched and no entity expanded but XML's own. */
	static Document parse(String html) throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
		factory.setExpandEntityReferences(false);
		return factory.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
	}

	private static NodeList nodes(Document page, String xpath) throws Exception {
		return (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, page, XPathConstants.NODESET);
	}

	private static List<String> texts(Document page, String xpath) throws Exception {
		NodeList found = nodes(page, xpath);
		List<String> texts = new ArrayList<>();
		for (int i = 0; i < found.getLength(); i++) {
			texts.add(found.item(i).getTextContent().strip().replaceAll("\\s+", " "));
		}
		return texts;
	}

	private static String attribute(Document page, String xpath, String name) throws Exception {
		return ((Element) nodes(page, xpath).item(0)).getAttribute(name);
	}

}
