package io.ospatch.web.security;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may do what in {@code ospatch serve}. Nothing but {@code /actuator/health} answers without a
 * login. A viewer may read (GET) everything; changes need an operator. Pages log in with a form and
 * a session (or with the OIDC provider, where one is configured: {@link OidcLogin}), and every form
 * carries a CSRF token; the API ({@code /api/**}) takes HTTP Basic or an API token
 * ({@link ApiTokenAuthenticationFilter}) on each request, keeps no session, and so needs no CSRF
 * token (no browser sends its credentials unasked). API tokens open the API only, never a page.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class WebSecurityConfiguration {

	/** Pages: this origin's own scripts, styles and images only; no inline code, no framing. */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

	/** Swagger UI (springdoc's) sets style attributes from its scripts: the same, with those allowed. */
	static final String SWAGGER_UI_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("style-src 'self'",
			"style-src 'self' 'unsafe-inline'");

	@Bean
	@Order(1)
	SecurityFilterChain apiSecurity(HttpSecurity http, ApiTokens tokens) throws Exception {
		ApiAccessProblems problems = new ApiAccessProblems();
		http.securityMatcher("/api/**")
			.addFilterBefore(new ApiTokenAuthenticationFilter(tokens, problems), BasicAuthenticationFilter.class)
			.authorizeHttpRequests((requests) -> requests.requestMatchers(HttpMethod.GET, "/api/**")
				.hasRole(Role.VIEWER.name())
				.anyRequest()
				.hasRole(Role.OPERATOR.name()))
			.httpBasic((basic) -> basic.realmName(ApiAccessProblems.REALM).authenticationEntryPoint(problems))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable());
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain pageSecurity(HttpSecurity http, ObjectProvider<OidcLogin> oidcLogin) throws Exception {
		RequestMatcher swaggerUi = PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui/**");
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/actuator/health", "/actuator/health/**")
			.permitAll()
			.requestMatchers("/login", "/css/**", "/favicon.ico", "/error")
			.permitAll()
			.requestMatchers(HttpMethod.GET, "/**")
			.hasRole(Role.VIEWER.name())
			.anyRequest()
			.hasRole(Role.OPERATOR.name()))
			.formLogin((login) -> login.loginPage("/login").permitAll())
			.logout((logout) -> logout.logoutSuccessUrl("/login?logout"))
			.headers((headers) -> headers
				.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(swaggerUi),
						new ContentSecurityPolicyHeaderWriter(CONTENT_SECURITY_POLICY)))
				.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(swaggerUi,
						new ContentSecurityPolicyHeaderWriter(SWAGGER_UI_CONTENT_SECURITY_POLICY))));
		OidcLogin oidc = oidcLogin.getIfAvailable();
		if (oidc != null) {
			oidc.configure(http);
		}
		return http.build();
	}

	@Bean
	RoleHierarchy roleHierarchy() {
		return RoleHierarchyImpl.withDefaultRolePrefix().role(Role.OPERATOR.name()).implies(Role.VIEWER.name()).build();
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return new BCryptPasswordEncoder();
	}

	/** Checked as the server starts: bad users stop it with one line (see {@link WebUsers}). */
	@Bean
	UserDetailsService webUsers(WebProperties properties, OidcProperties oidc, Environment environment,
			PasswordEncoder encoder) {
		List<UserDetails> users = WebUsers
			.of(properties.usersFile(), environment.getProperty(WebUsers.ADMIN_PASSWORD), oidc.enabled(), encoder)
			.stream()
			.map((user) -> User.withUsername(user.name()).password(user.passwordHash()).roles(user.role().name()).build())
			.toList();
		return new InMemoryUserDetailsManager(users);
	}

}
