package io.ospatch.web.security;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.ospatch.support.DatabaseCleaner;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.util.UriComponentsBuilder;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * OIDC login against a stand-in OpenID Provider (WireMock: discovery document, JWKS, token
 * endpoint): the server reads the provider as it starts, the login page offers it, the login goes to
 * its authorization endpoint with ospatch's client id, and back from it the ID token's groups decide
 * the role; a user with no role is refused with a 403 page.
 */
@SpringBootTest(properties = { "spring.main.web-application-type=servlet",
		"spring.datasource.url=jdbc:h2:mem:oidc-login;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"spring.datasource.username=sa", "spring.datasource.password=",
		"ospatch.web.users-file=src/test/resources/web/users.yaml", "ospatch.web.oidc.client-id=ospatch-test",
		"ospatch.web.oidc.client-secret=test-client-secret", "ospatch.web.oidc.operator-values=platform",
		"ospatch.web.oidc.viewer-values=security,auditors" })
@AutoConfigureMockMvc
class OidcLoginTests {

	static final WireMockServer provider = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	static final RSAKey signingKey;

	static {
		try {
			signingKey = new RSAKeyGenerator(2048).keyID("test-key").generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		provider.start();
		provider.stubFor(get(urlPathEqualTo("/.well-known/openid-configuration")).willReturn(aResponse()
			.withHeader("Content-Type", "application/json")
			.withBody("""
					{"issuer": "%1$s", "authorization_endpoint": "%1$s/authorize", "token_endpoint": "%1$s/token",
					 "jwks_uri": "%1$s/jwks", "response_types_supported": ["code"], "subject_types_supported": ["public"],
					 "id_token_signing_alg_values_supported": ["RS256"], "scopes_supported": ["openid", "profile", "email"],
					 "token_endpoint_auth_methods_supported": ["client_secret_basic"]}"""
				.formatted(provider.baseUrl()))));
		provider.stubFor(get(urlPathEqualTo("/jwks")).willReturn(aResponse()
			.withHeader("Content-Type", "application/json")
			.withBody(new JWKSet(signingKey.toPublicJWK()).toString())));
	}

	@DynamicPropertySource
	static void issuer(DynamicPropertyRegistry registry) {
		registry.add("ospatch.web.oidc.issuer-uri", provider::baseUrl);
	}

	@AfterAll
	static void stopProvider() {
		provider.stop();
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@BeforeEach
	void emptyFleet() {
		DatabaseCleaner.clean(this.jdbc);
		provider.resetRequests();
	}

	@Test
	void theLoginPageOffersTheProviderBesideTheForm() throws Exception {
		String html = this.mvc.perform(MockMvcRequestBuilders.get("/login"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();

		Document page = Jsoup.parse(html);
		assertThat(page.select("a[href=/oauth2/authorization/oidc]").text()).isEqualTo("Log in with localhost");
		assertThat(page.select("form[action=/login] input#password")).hasSize(1);
		assertThat(html).doesNotContain("test-client-secret");
	}

	@Test
	void theLoginGoesToTheProvidersAuthorizationEndpointWithOspatchsClientId() throws Exception {
		URI authorization = startLogin(new MockHttpSession());

		assertThat(authorization.toString()).startsWith(provider.baseUrl() + "/authorize?");
		Map<String, List<String>> query = UriComponentsBuilder.fromUri(authorization).build().getQueryParams();
		assertThat(query.get("client_id")).containsExactly("ospatch-test");
		assertThat(query.get("response_type")).containsExactly("code");
		assertThat(query.get("scope").get(0)).isEqualTo("openid%20profile%20email");
		assertThat(query.get("redirect_uri")).containsExactly("http://localhost/login/oauth2/code/oidc");
		assertThat(query).containsKeys("state", "nonce");
	}

	@Test
	void backFromTheProviderTheGroupsClaimMakesAnOperator() throws Exception {
		MockHttpSession session = new MockHttpSession();

		this.mvc.perform(callback(session, Map.of("preferred_username", "olga", "groups", List.of("developers", "platform"))))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/"))
			.andExpect(authenticated().withUsername("olga").withAuthorities(List.of(new SimpleGrantedAuthority("ROLE_OPERATOR"))));

		this.mvc.perform(MockMvcRequestBuilders.get("/").session(session))
			.andExpect(status().isOk());
		this.mvc.perform(MockMvcRequestBuilders.get("/api/v1/clusters")
			.session(session)
			.accept(MediaType.APPLICATION_JSON))
			// the API keeps no session: a login to the pages does not open it
			.andExpect(status().isUnauthorized());
		provider.verify(postRequestedFor(urlPathEqualTo("/token")).withRequestBody(
				containing("grant_type=authorization_code"))
			.withHeader("Authorization", equalTo("Basic " + Base64.getEncoder()
				.encodeToString("ospatch-test:test-client-secret".getBytes(StandardCharsets.UTF_8)))));
	}

	@Test
	void aViewerGroupMakesAViewerAndAUserWithNoRoleIsRefusedWithA403Page() throws Exception {
		this.mvc.perform(callback(new MockHttpSession(), Map.of("email", "vic@example.com", "groups", List.of("auditors"))))
			.andExpect(redirectedUrl("/"))
			.andExpect(authenticated().withUsername("vic@example.com")
				.withAuthorities(List.of(new SimpleGrantedAuthority("ROLE_VIEWER"))));

		this.mvc.perform(callback(new MockHttpSession(), Map.of("preferred_username", "nina", "groups", List.of("developers"))))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/login?denied"))
			.andExpect(unauthenticated());
		String html = this.mvc.perform(MockMvcRequestBuilders.get("/login")
			.param("denied", ""))
			.andExpect(status().is(HttpStatus.FORBIDDEN.value()))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(Jsoup.parse(html).select("[role=alert]").text())
			.isEqualTo("You logged in with localhost, but your account there has no role in ospatch (viewer or operator). "
					+ "Ask its administrators for one.");
	}

	@Test
	void anOidcViewerReadsPagesButMayNotChangeAndAnOidcOperatorMay() throws Exception {
		var viewer = oidcLogin().idToken((token) -> token.claim("preferred_username", "vic"))
			.authorities(new SimpleGrantedAuthority("ROLE_VIEWER"));
		var operator = oidcLogin().idToken((token) -> token.claim("preferred_username", "olga"))
			.authorities(new SimpleGrantedAuthority("ROLE_OPERATOR"));

		this.mvc.perform(MockMvcRequestBuilders.get("/").with(viewer))
			.andExpect(status().isOk());
		this.mvc.perform(MockMvcRequestBuilders.post("/clusters/nope/settings/os-patching")
			.with(viewer)
			.with(csrf())).andExpect(status().isForbidden());
		this.mvc.perform(MockMvcRequestBuilders.post("/clusters/nope/settings/os-patching")
			.with(operator)
			.with(csrf())).andExpect(status().isNotFound());
	}

	/** Starts a login in the session, as the login page's link does; the provider's authorization URL. */
	private URI startLogin(MockHttpSession session) throws Exception {
		String location = this.mvc
			.perform(MockMvcRequestBuilders.get("/oauth2/authorization/oidc")
				.session(session))
			.andExpect(status().isFound())
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		return URI.create(location);
	}

	/**
	 * The provider's redirect back to ospatch after the user logged in there, with an ID token of
	 * these claims for the code exchange.
	 */
	private RequestBuilder callback(MockHttpSession session, Map<String, Object> claims)
			throws Exception {
		Map<String, List<String>> query = UriComponentsBuilder.fromUri(startLogin(session)).build().getQueryParams();
		String nonce = URLDecoder.decode(query.get("nonce").get(0), StandardCharsets.UTF_8);
		String state = URLDecoder.decode(query.get("state").get(0), StandardCharsets.UTF_8);
		provider.stubFor(post(urlPathEqualTo("/token")).willReturn(aResponse().withHeader("Content-Type", "application/json")
			.withBody("""
					{"access_token": "access-token", "token_type": "Bearer", "expires_in": 300, "scope": "openid",
					 "id_token": "%s"}""".formatted(idToken(nonce, claims)))));
		return MockMvcRequestBuilders.get("/login/oauth2/code/oidc")
			.param("code", "authorization-code")
			.param("state", state)
			.session(session);
	}

	private static String idToken(String nonce, Map<String, Object> claims) throws JOSEException {
		Instant now = Instant.now();
		JWTClaimsSet.Builder token = new JWTClaimsSet.Builder().issuer(provider.baseUrl())
			.subject("user-1")
			.audience("ospatch-test")
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)))
			.claim("nonce", nonce);
		claims.forEach(token::claim);
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build(),
				token.build());
		jwt.sign(new RSASSASigner(signingKey));
		return jwt.serialize();
	}

}
