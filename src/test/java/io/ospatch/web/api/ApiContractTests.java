package io.ospatch.web.api;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.ospatch.report.FleetScenario;
import io.ospatch.report.RunReports;
import io.ospatch.rollout.ScriptedAnsibleConfiguration;
import io.ospatch.rollout.ScriptedPlaybookRunner;
import io.ospatch.run.RunOutcome;
import io.ospatch.support.DatabaseCleaner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The REST API against its own OpenAPI document ({@code /v3/api-docs}): for each call of {@link #calls()},
 * made on a fresh fleet ({@link #givenTheFleet()}), the method, path and status it answered must be
 * documented, its content type must be one documented for that status ({@code application/problem+json}
 * for every error), and its body must match the documented schema (validated with networknt's
 * json-schema-validator in the document's OpenAPI dialect; members that are {@code null} count as left out).
 * <p>
 * To cover another endpoint, add its calls to {@link #calls()} — its success and each error, e.g.
 * {@code call(POST, "/api/v1/clusters/{name}/runs", 202).path("prod-eu-1").as(OPERATOR)} — and, if it
 * needs more than the fleet has, extend {@link #givenTheFleet()}. {@link #everyDocumentedOperationIsCalled()}
 * then says which documented operation still has no call. A path value {@value #STORIED_RUN} stands for
 * the id of storied's run, known only once the fleet is made. Launches patch through the scripted
 * playbook runner, and each test waits for its launch to end.
 */
@Import(ScriptedAnsibleConfiguration.class)
@SpringBootTest(properties = { "spring.main.web-application-type=servlet",
		"spring.datasource.url=jdbc:h2:mem:api-contract;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"spring.datasource.username=sa", "spring.datasource.password=",
		"ospatch.web.users-file=src/test/resources/web/users.yaml", "ospatch.ansible.binary=/bin/true",
		"ospatch.reports-dir=target/api-contract-tests" })
@AutoConfigureMockMvc
class ApiContractTests {

	static final String VIEWER = "vera";

	static final String OPERATOR = "otto";

	static final String ANONYMOUS = null;

	/** A path value: the id of storied's run. */
	static final String STORIED_RUN = "$storied-run";

	/**
	 * Documented statuses that no call of the table can bring about on a fresh fleet, and the test
	 * that proves each instead.
	 */
	private static final Map<String, String> PROVED_ELSEWHERE = Map.of("POST /api/v1/clusters/{name}/runs 503",
			"OnDemandLaunchTests.aFullWorkerIs503AndLeasesNothing (a launch worker kept busy)");

	private static volatile long storiedRun;

	private static final Map<String, String> PASSWORDS = Map.of(VIEWER, "viewer-password-1", OPERATOR,
			"operator-password-1");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	MockMvc mvc;

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	/**
	 * Every call of the table, each on a fresh fleet: prod-eu-1 (weekly, Europe/Paris; node w-1),
	 * unscheduled (no node, no run), storied (node w-1 with results in a run), busy (node w-1; a run holds it).
	 */
	static Stream<ApiCall> calls() {
		return Stream.of(
				// reads
				call(GET, "/api/v1/clusters", 200).as(VIEWER),
				call(GET, "/api/v1/clusters", 401).as(ANONYMOUS),
				call(GET, "/api/v1/clusters/{name}", 200).path("prod-eu-1").as(VIEWER),
				call(GET, "/api/v1/clusters/{name}", 404).path("nope").as(VIEWER),
				call(GET, "/api/v1/clusters/{name}/fire-times", 200).path("prod-eu-1").query("count", "2").as(VIEWER),
				call(GET, "/api/v1/clusters/{name}/fire-times", 400).path("unscheduled").as(VIEWER),
				call(GET, "/api/v1/clusters/{name}/fire-times", 404).path("nope").as(VIEWER),
				call(GET, "/api/v1/schedules/fire-times", 200).query("schedule", "weekly").as(VIEWER),
				call(GET, "/api/v1/schedules/fire-times", 400).query("schedule", "0 0 31 2 *").as(VIEWER),
				call(GET, "/api/v1/audit", 200).query("limit", "5").as(VIEWER),
				call(GET, "/api/v1/audit", 400).query("limit", "0").as(VIEWER),
				call(GET, "/api/v1/audit", 401).as(ANONYMOUS),
				// clusters
				call(POST, "/api/v1/clusters", 201).body("{\"name\": \"new-1\", \"schedule\": \"monthly\"}").as(OPERATOR),
				call(POST, "/api/v1/clusters", 400).body("{\"name\": \"Not_A_Name\"}").as(OPERATOR),
				call(POST, "/api/v1/clusters", 409).body("{\"name\": \"prod-eu-1\"}").as(OPERATOR),
				call(POST, "/api/v1/clusters", 403).body("{\"name\": \"new-1\"}").as(VIEWER),
				call(POST, "/api/v1/clusters", 401).body("{\"name\": \"new-1\"}").as(ANONYMOUS),
				call(PATCH, "/api/v1/clusters/{name}", 200).path("prod-eu-1")
					.body("{\"schedule\": null, \"maxUnavailable\": \"25%\"}")
					.contentType(FleetChangeApiController.MERGE_PATCH_JSON)
					.as(OPERATOR),
				call(PATCH, "/api/v1/clusters/{name}", 400).path("prod-eu-1").body("{\"maxUnavailable\": 0}").as(OPERATOR),
				call(PATCH, "/api/v1/clusters/{name}", 404).path("nope").body("{}").as(OPERATOR),
				call(PATCH, "/api/v1/clusters/{name}", 403).path("prod-eu-1").body("{}").as(VIEWER),
				call(DELETE, "/api/v1/clusters/{name}", 204).path("unscheduled").as(OPERATOR),
				call(DELETE, "/api/v1/clusters/{name}", 404).path("nope").as(OPERATOR),
				call(DELETE, "/api/v1/clusters/{name}", 409).path("busy").as(OPERATOR),
				call(DELETE, "/api/v1/clusters/{name}", 409).path("storied").as(OPERATOR),
				call(DELETE, "/api/v1/clusters/{name}", 204).path("storied").query("withHistory", "true").as(OPERATOR),
				call(DELETE, "/api/v1/clusters/{name}", 403).path("unscheduled").as(VIEWER),
				// nodes
				call(POST, "/api/v1/clusters/{name}/nodes", 201).path("prod-eu-1")
					.body("{\"name\": \"w-2\", \"address\": \"10.0.0.2\", \"role\": \"worker\"}")
					.as(OPERATOR),
				call(POST, "/api/v1/clusters/{name}/nodes", 400).path("prod-eu-1")
					.body("{\"name\": \"w-2\", \"address\": \"-oProxyCommand=x\", \"role\": \"worker\"}")
					.as(OPERATOR),
				call(POST, "/api/v1/clusters/{name}/nodes", 404).path("nope")
					.body("{\"name\": \"w-2\", \"address\": \"10.0.0.2\", \"role\": \"worker\"}")
					.as(OPERATOR),
				call(POST, "/api/v1/clusters/{name}/nodes", 409).path("prod-eu-1")
					.body("{\"name\": \"w-1\", \"address\": \"10.0.0.2\", \"role\": \"worker\"}")
					.as(OPERATOR),
				call(POST, "/api/v1/clusters/{name}/nodes", 403).path("prod-eu-1")
					.body("{\"name\": \"w-2\", \"address\": \"10.0.0.2\", \"role\": \"worker\"}")
					.as(VIEWER),
				call(DELETE, "/api/v1/clusters/{name}/nodes/{node}", 204).path("prod-eu-1", "w-1").as(OPERATOR),
				call(DELETE, "/api/v1/clusters/{name}/nodes/{node}", 404).path("prod-eu-1", "nope").as(OPERATOR),
				call(DELETE, "/api/v1/clusters/{name}/nodes/{node}", 404).path("nope", "w-1").as(OPERATOR),
				call(DELETE, "/api/v1/clusters/{name}/nodes/{node}", 409).path("busy", "w-1").as(OPERATOR),
				call(DELETE, "/api/v1/clusters/{name}/nodes/{node}", 409).path("storied", "w-1").as(OPERATOR),
				call(DELETE, "/api/v1/clusters/{name}/nodes/{node}", 403).path("prod-eu-1", "w-1").as(VIEWER),

				call(GET, "/api/v1/clusters/{name}/nodes", 200).path("storied").as(VIEWER),
				call(GET, "/api/v1/clusters/{name}/nodes", 404).path("nope").as(VIEWER),
				call(GET, "/api/v1/clusters/{name}/runs", 200).path("storied").as(VIEWER),
				call(GET, "/api/v1/clusters/{name}/runs", 404).path("nope").as(VIEWER),
				call(GET, "/api/v1/clusters/{name}/runs", 400).path("storied").query("limit", "0").as(VIEWER),
				call(GET, "/api/v1/runs", 200).query("limit", "5").as(VIEWER),
				call(GET, "/api/v1/runs", 400).query("limit", "many").as(VIEWER),
				call(GET, "/api/v1/runs", 401).as(ANONYMOUS),
				call(GET, "/api/v1/runs", 404).query("cluster", "nope").as(VIEWER),
				call(GET, "/api/v1/runs/{id}", 200).path(STORIED_RUN).as(VIEWER),
				call(GET, "/api/v1/runs/{id}", 404).path("999999").as(VIEWER),
				call(GET, "/api/v1/runs/{id}/events", 200).path(STORIED_RUN).as(VIEWER),
				call(GET, "/api/v1/runs/{id}/events", 404).path("999999").as(VIEWER),
				call(GET, "/api/v1/runs/{id}/report", 200).path(STORIED_RUN).as(VIEWER),
				call(GET, "/api/v1/runs/{id}/report", 404).path("999999").as(VIEWER),
				call(GET, "/api/v1/runs/{id}/report.{format}", 200).path(STORIED_RUN, "json").as(VIEWER),
				call(GET, "/api/v1/runs/{id}/report.{format}", 404).path("999999", "csv").as(VIEWER),

				call(POST, "/api/v1/clusters/{name}/runs", 202).path("prod-eu-1").as(OPERATOR),
				call(POST, "/api/v1/clusters/{name}/runs", 202).path("prod-eu-1").body("{\"fresh\": true}").as(OPERATOR),
				call(POST, "/api/v1/clusters/{name}/runs", 400).path("imported").as(OPERATOR),
				call(POST, "/api/v1/clusters/{name}/runs", 404).path("nope").as(OPERATOR),
				call(POST, "/api/v1/clusters/{name}/runs", 409).path("busy").as(OPERATOR),
				call(POST, "/api/v1/clusters/{name}/runs", 403).path("prod-eu-1").as(VIEWER));
	}

	@BeforeEach
	void givenTheFleet() {
		DatabaseCleaner.clean(this.jdbc);
		FleetScenario fleet = new FleetScenario(this.context);
		fleet.cluster("prod-eu-1", 1, "--schedule", "weekly", "--timezone", "Europe/Paris")
			.cluster("unscheduled", 0)
			.cluster("storied", 1)
			.cluster("busy", 1)
			.cluster("imported", 0, "--kind", "imported");
		storiedRun = fleet.run("storied", RunOutcome.COMPLIANT, null, 1);
		this.context.getBean(RunReports.class).render(storiedRun);
		this.context.getBean(ScriptedPlaybookRunner.class).reset((host, attempt) -> ScriptedPlaybookRunner.patched(host));
		long busy = this.jdbc.sql("SELECT id FROM clusters WHERE name = 'busy'").query(Long.class).single();
		LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
		this.jdbc.sql("INSERT INTO cluster_leases (cluster_id, token, host, pid, acquired_at, heartbeat_at) "
				+ "VALUES (?, 'a-run', 'elsewhere', 1, ?, ?)").params(busy, now, now).update();
	}

	/** A launch of the table has ended before the next call's fleet is made: no lease but busy's. */
	@AfterEach
	void launchesEnded() throws InterruptedException {
		long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
		while (this.jdbc.sql("SELECT COUNT(*) FROM cluster_leases WHERE token <> 'a-run'").query(Long.class).single() > 0) {
			assertThat(System.nanoTime()).as("a launch still holds its lease after 60 s").isLessThan(deadline);
			Thread.sleep(100);
		}
	}

	@ParameterizedTest
	@MethodSource("calls")
	void theCallAnswersAsDocumented(ApiCall call) throws Exception {
		JsonNode document = apiDocs();
		MockHttpServletResponse response = this.mvc.perform(call.request()).andReturn().getResponse();

		assertThat(response.getStatus()).as(call + ": " + response.getContentAsString()).isEqualTo(call.status());
		JsonNode operation = document.path("paths").path(call.template()).path(call.method().name().toLowerCase());
		assertThat(operation.isMissingNode()).as(call.method() + " " + call.template() + " is not documented").isFalse();
		JsonNode documented = operation.path("responses").path(String.valueOf(call.status()));
		assertThat(documented.isMissingNode()).as(call + ": status " + call.status() + " is not documented; documented: "
				+ operation.path("responses").propertyNames()).isFalse();

		String body = response.getContentAsString();
		JsonNode content = documented.path("content");
		if (content.isMissingNode() || content.isEmpty()) {
			assertThat(body).as(call + ": documented without a body").isEmpty();
			return;
		}
		MediaType actual = MediaType.parseMediaType(response.getContentType());
		List<String> mediaTypes = new ArrayList<>(content.propertyNames());
		String matched = mediaTypes.stream()
			.filter((mediaType) -> MediaType.parseMediaType(mediaType).equalsTypeAndSubtype(actual)
					|| mediaType.equals("*/*") && call.status() < 400)
			.findFirst()
			.orElse(null);
		assertThat(matched).as(call + ": answered " + actual + ", documented " + mediaTypes).isNotNull();
		if (call.status() >= 400) {
			assertThat(actual.equalsTypeAndSubtype(MediaType.APPLICATION_PROBLEM_JSON)).as(call + ": an error as " + actual)
				.isTrue();
			assertThat(JSON.readTree(body).path("status").asInt()).isEqualTo(call.status());
		}
		JsonNode schema = content.path(matched).path("schema");
		if (!schema.isMissingNode()) {
			List<Error> errors = validator(document, schema).validate(withoutNulls(JSON.readTree(body)));
			assertThat(errors).as(call + ": " + body).isEmpty();
		}
	}

	/** What is documented is called: a new operation without a row in {@link #calls()} fails here. */
	@Test
	void everyDocumentedOperationIsCalled() throws Exception {
		JsonNode document = apiDocs();
		List<String> called = calls().map((call) -> call.method().name() + " " + call.template() + " " + call.status())
			.toList();
		List<String> missing = new ArrayList<>();
		document.path("paths").properties().forEach((path) -> path.getValue().properties().forEach((operation) -> {
			String method = operation.getKey().toUpperCase();
			operation.getValue().path("responses").propertyNames().stream()
				// 401 and 403 come from the rules of access, the same for every operation: one call each suffices
				.filter((status) -> !status.equals("401") && !status.equals("403"))
				.filter((status) -> !called.contains(method + " " + path.getKey() + " " + status))
				.filter((status) -> !PROVED_ELSEWHERE.containsKey(method + " " + path.getKey() + " " + status))
				.forEach((status) -> missing.add(method + " " + path.getKey() + " " + status));
		}));
		assertThat(missing).as("documented operations and statuses no call of the table covers").isEmpty();
		Files.createDirectories(Path.of("target"));
		Files.writeString(Path.of("target", "api-docs.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document));
	}

	/** The check above is not empty: a body that breaks the document's schema is caught. */
	@Test
	void aBodyThatBreaksTheDocumentedSchemaIsCaught() throws Exception {
		JsonNode document = apiDocs();
		JsonNode schema = document.at("/paths/~1api~1v1~1clusters~1{name}/get/responses/200/content/application~1json/schema");
		assertThat(validator(document, schema).validate(JSON.readTree("{\"name\": \"x\", \"kind\": 3}"))).isNotEmpty();
		JsonNode problem = document.at("/paths/~1api~1v1~1clusters~1{name}/get/responses/404/content/application~1problem+json/schema");
		assertThat(validator(document, problem).validate(JSON.readTree("{\"title\": \"x\"}"))).isNotEmpty();
		assertThat(validator(document, problem).validate(JSON.readTree("{\"title\": \"x\", \"status\": 404}"))).isEmpty();
	}

	private JsonNode apiDocs() throws Exception {
		String json = this.mvc.perform(get("/v3/api-docs").with(user(VIEWER).roles("VIEWER")))
			.andReturn()
			.getResponse()
			.getContentAsString();
		return JSON.readTree(json);
	}

	/** The schema with the document's components beside it, so that its {@code #/components/...} references resolve. */
	private static Schema validator(JsonNode document, JsonNode schema) {
		ObjectNode root = JSON.createObjectNode();
		root.setAll((ObjectNode) schema.deepCopy());
		root.set("components", document.path("components"));
		boolean openApi31 = document.path("openapi").asString().startsWith("3.1");
		SchemaRegistry registry = SchemaRegistry.withDefaultDialect(openApi31 ? Dialects.getOpenApi31() : Dialects.getOpenApi30());
		return registry.getSchema(root);
	}

	/** Members whose value is {@code null} are left out: for the schema, null and absent are the same. */
	private static JsonNode withoutNulls(JsonNode node) {
		if (node instanceof ObjectNode object) {
			ObjectNode copy = JSON.createObjectNode();
			object.properties().forEach((member) -> {
				if (!member.getValue().isNull()) {
					copy.set(member.getKey(), withoutNulls(member.getValue()));
				}
			});
			return copy;
		}
		if (node instanceof ArrayNode array) {
			ArrayNode copy = JSON.createArrayNode();
			array.forEach((item) -> copy.add(withoutNulls(item)));
			return copy;
		}
		return node;
	}

	static final HttpMethod GET = HttpMethod.GET;

	static final HttpMethod POST = HttpMethod.POST;

	static final HttpMethod PATCH = HttpMethod.PATCH;

	static final HttpMethod DELETE = HttpMethod.DELETE;

	static ApiCall call(HttpMethod method, String template, int status) {
		return new ApiCall(method, template, status, new String[0], new String[0], null, MediaType.APPLICATION_JSON_VALUE,
				null);
	}

	/**
	 * One call of the table.
	 *
	 * @param method its method
	 * @param template its path as the document names it, {@code /api/v1/clusters/{name}}
	 * @param status the status it must answer
	 * @param pathValues the values of the template's variables, in order
	 * @param query query parameters, name then value
	 * @param body its JSON body, or {@code null}
	 * @param contentType its body's content type
	 * @param user who calls: {@link #VIEWER}, {@link #OPERATOR} or {@link #ANONYMOUS}
	 */
	record ApiCall(HttpMethod method, String template, int status, String[] pathValues, String[] query, String body,
			String contentType, String user) {

		ApiCall path(String... values) {
			return new ApiCall(this.method, this.template, this.status, values, this.query, this.body, this.contentType,
					this.user);
		}

		ApiCall query(String name, String value) {
			String[] more = Arrays.copyOf(this.query, this.query.length + 2);
			more[this.query.length] = name;
			more[this.query.length + 1] = value;
			return new ApiCall(this.method, this.template, this.status, this.pathValues, more, this.body, this.contentType,
					this.user);
		}

		ApiCall body(String json) {
			return new ApiCall(this.method, this.template, this.status, this.pathValues, this.query, json,
					this.contentType, this.user);
		}

		ApiCall contentType(String type) {
			return new ApiCall(this.method, this.template, this.status, this.pathValues, this.query, this.body, type,
					this.user);
		}

		ApiCall as(String name) {
			return new ApiCall(this.method, this.template, this.status, this.pathValues, this.query, this.body,
					this.contentType, name);
		}

		MockHttpServletRequestBuilder request() {
			UriComponentsBuilder uri = UriComponentsBuilder.fromPath(this.template);
			for (int i = 0; i < this.query.length; i += 2) {
				uri.queryParam(this.query[i], "{q" + i + "}");
			}
			List<Object> values = new ArrayList<>(Arrays.stream(this.pathValues)
				.map((value) -> STORIED_RUN.equals(value) ? String.valueOf(storiedRun) : value)
				.toList());
			for (int i = 0; i < this.query.length; i += 2) {
				values.add(this.query[i + 1]);
			}
			URI target = uri.encode().buildAndExpand(values.toArray()).toUri();
			MockHttpServletRequestBuilder request = MockMvcRequestBuilders.request(this.method, target);
			if (this.body != null) {
				request.contentType(this.contentType).content(this.body);
			}
			if (this.user != null) {
				request.with(httpBasic(this.user, PASSWORDS.get(this.user)));
			}
			return request;
		}

		@Override
		public String toString() {
			return this.method + " " + this.template + " " + Arrays.toString(this.pathValues) + " "
					+ Arrays.toString(this.query) + " as " + ((this.user != null) ? this.user : "anonymous") + " -> "
					+ this.status;
		}

	}

}
