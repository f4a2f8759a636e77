package io.ospatch.web.security;

import java.time.Instant;
import java.time.LocalDateTime;

import io.ospatch.cluster.UtcTimes;
import io.ospatch.support.DatabaseCleaner;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * API tokens on ospatch serve, through MockMvc on an embedded H2 database: a token authenticates an
 * API request as {@code token:NAME} with its role; a bad, expired or revoked one gets exactly the 401
 * of a wrong password; a token never opens a page. Two test-only endpoints under {@code /api} stand
 * for any read and any change, as the API's rules see them, and say who made the request.
 */
@SpringBootTest(properties = { "spring.main.web-application-type=servlet",
		"spring.datasource.url=jdbc:h2:mem:api-tokens;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"spring.datasource.username=sa", "spring.datasource.password=",
		"ospatch.web.users-file=src/test/resources/web/users.yaml" })
@AutoConfigureMockMvc
@Import(ApiTokenAuthenticationTests.WhoAmI.class)
class ApiTokenAuthenticationTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	ApiTokens tokens;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApplicationContext context;

	@BeforeEach
	void noTokens() {
		DatabaseCleaner.clean(this.jdbc);
		this.jdbc.sql("DELETE FROM api_tokens").update();
	}

	@Test
	void aViewerTokenReadsAsItsNameWithoutASessionAndIsNotedAsUsed() throws Exception {
		String secret = this.tokens.create("grafana", "viewer", null, "tester@host").secret();

		this.mvc.perform(get("/api/test-only/who").with(bearer(secret)))
			.andExpect(status().isOk())
			.andExpect(content().string("token:grafana [ROLE_VIEWER]"))
			.andExpect(header().doesNotExist("Set-Cookie"));
		this.mvc.perform(get("/api/v1/clusters").with(bearer(secret))).andExpect(status().isOk());

		assertThat(this.tokens.list()).singleElement().satisfies((token) -> {
			assertThat(token.lastUsedAt()).isNotNull();
			assertThat(token.createdBy()).isEqualTo("tester@host");
		});
	}

	@Test
	void aViewerTokenMayNotChangeAndAnOperatorTokenMay() throws Exception {
		String viewer = this.tokens.create("dashboards", "viewer", "90d", "tester@host").secret();
		String operator = this.tokens.create("ci", "operator", null, "tester@host").secret();

		this.mvc.perform(post("/api/test-only/change").with(bearer(viewer)))
			.andExpect(status().isForbidden())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("this needs the role operator"));
		this.mvc.perform(post("/api/test-only/change").with(bearer(operator)))
			.andExpect(status().isOk())
			.andExpect(content().string("changed by token:ci"));
	}

	@Test
	void aBadExpiredOrRevokedTokenGetsTheSame401AsAWrongPassword() throws Exception {
		String wrongPassword = this.mvc.perform(get("/api/v1/clusters").with(httpBasic("vera", "wrong")))
			.andExpect(status().isUnauthorized())
			.andReturn()
			.getResponse()
			.getContentAsString();
		String expired = this.tokens.create("expired", "operator", "1h", "tester@host").secret();
		this.jdbc.sql("UPDATE api_tokens SET expires_at = ? WHERE name = 'expired'")
			.param(UtcTimes.toDb(Instant.now().minusSeconds(1)))
			.update();
		String revoked = this.tokens.create("revoked", "operator", null, "tester@host").secret();
		this.mvc.perform(get("/api/v1/clusters").with(bearer(revoked))).andExpect(status().isOk());
		this.tokens.revoke("revoked");
		String valid = this.tokens.create("valid", "operator", null, "tester@host").secret();

		for (String bad : new String[] { expired, revoked, valid + "x", valid.substring(4), "osp_", "", "Basic" }) {
			this.mvc.perform(get("/api/v1/clusters").with(bearer(bad)))
				.andExpect(status().isUnauthorized())
				.andExpect(header().stringValues(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"ospatch\"",
						"Bearer realm=\"ospatch\""))
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(content().string(wrongPassword));
		}
		this.mvc.perform(get("/api/v1/clusters").with(bearer(valid))).andExpect(status().isOk());
	}

	@Test
	void aTokenNeverOpensAPage() throws Exception {
		String operator = this.tokens.create("ci", "operator", null, "tester@host").secret();

		this.mvc.perform(get("/").accept(MediaType.TEXT_HTML).with(bearer(operator)))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/login"));
		this.mvc.perform(get("/v3/api-docs").with(bearer(operator))).andExpect(status().isFound());
	}

	@Test
	void withoutAnIssuerThereIsNoOidcLogin() throws Exception {
		assertThat(this.context.getBeanNamesForType(ClientRegistrationRepository.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(OidcLogin.class)).isEmpty();
		String login = this.mvc.perform(get("/login")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		assertThat(Jsoup.parse(login).select("a[href^=/oauth2/]")).isEmpty();
		this.mvc.perform(get("/oauth2/authorization/oidc").accept(MediaType.TEXT_HTML))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/login"));
	}

	@Test
	void theOpenApiDocumentNamesBothWaysIn() throws Exception {
		this.mvc.perform(get("/v3/api-docs").with(user("vera").roles("VIEWER")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.components.securitySchemes.basic.scheme").value("basic"))
			.andExpect(jsonPath("$.components.securitySchemes.token.scheme").value("bearer"))
			.andExpect(jsonPath("$.security[0].basic").exists())
			.andExpect(jsonPath("$.security[1].token").exists());
	}

	@Test
	void theStoredTokenIsOnlyItsHash() {
		IssuedApiToken issued = this.tokens.create("ci", "operator", null, "tester@host");

		assertThat(issued.secret()).matches("osp_[A-Za-z0-9_-]{43}");
		String stored = this.jdbc.sql("SELECT token_hash FROM api_tokens WHERE name = 'ci'").query(String.class).single();
		assertThat(stored).isEqualTo(ApiTokens.hash(issued.secret())).hasSize(64).doesNotContain(issued.secret().substring(4));
		assertThat(issued.toString()).doesNotContain(issued.secret());
		LocalDateTime created = this.jdbc.sql("SELECT created_at FROM api_tokens WHERE name = 'ci'")
			.query(LocalDateTime.class)
			.single();
		assertThat(UtcTimes.fromDb(created)).isEqualTo(issued.token().createdAt());
	}

	private static RequestPostProcessor bearer(String token) {
		return (request) -> {
			request.addHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
			return request;
		};
	}

	/** A read and a change under /api that answer with who made them, as audit records will. */
	@TestConfiguration(proxyBeanMethods = false)
	@RestController
	static class WhoAmI {

		@GetMapping("/api/test-only/who")
		String who(Authentication authentication) {
			return authentication.getName() + " " + authentication.getAuthorities();
		}

		@PostMapping("/api/test-only/change")
		String change(Authentication authentication) {
			return "changed by " + authentication.getName();
		}

	}

}
