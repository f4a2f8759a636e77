package io.ospatch.web.security;

import java.net.URI;

import io.ospatch.cluster.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/**
 * OIDC login, set up only where {@code ospatch.web.oidc.issuer-uri} is set: then the provider's
 * discovery document is read as the server starts (a provider that cannot be reached stops the
 * start, with its error, rather than leaving a login button that fails). Without an issuer nothing
 * here exists and no provider is asked anything.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Conditional(OidcLoginConfiguration.IssuerConfigured.class)
class OidcLoginConfiguration {

	private static final Logger log = LoggerFactory.getLogger(OidcLoginConfiguration.class);

	@Bean
	ClientRegistrationRepository oidcClientRegistrations(OidcProperties properties) {
		return new InMemoryClientRegistrationRepository(registration(properties));
	}

	@Bean
	OidcLogin oidcLogin(OidcProperties properties, ClientRegistrationRepository registrations) {
		return new OidcLogin(registrations.findByRegistrationId(OidcLogin.REGISTRATION_ID), OidcRoles.of(properties));
	}

	static ClientRegistration registration(OidcProperties properties) {
		String issuer = properties.issuerUri().strip();
		check(properties, issuer);
		ClientRegistration.Builder registration = discover(issuer).registrationId(OidcLogin.REGISTRATION_ID)
			.clientName(URI.create(issuer).getHost())
			.clientId(properties.clientId())
			.scope(properties.scopes());
		if (properties.clientSecret() != null && !properties.clientSecret().isEmpty()) {
			registration.clientSecret(properties.clientSecret());
		}
		else {
			// a public client: Spring Security then protects the code exchange with PKCE
			registration.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
		}
		return registration.build();
	}

	/**
	 * The provider's configuration, from its discovery document. A provider that cannot be read stops
	 * the start with one line naming the issuer and what went wrong (the first line of the innermost
	 * cause, which the command line would otherwise show alone, without the issuer).
	 */
	private static ClientRegistration.Builder discover(String issuer) {
		try {
			return ClientRegistrations.fromIssuerLocation(issuer);
		}
		catch (RuntimeException ex) {
			log.debug("reading the discovery document of {} failed", issuer, ex);
			throw new IllegalStateException("cannot read the OpenID Provider's configuration of issuer " + issuer
					+ " (ospatch.web.oidc.issuer-uri): " + innermostMessage(ex));
		}
	}

	private static String innermostMessage(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		String message = (cause.getMessage() != null) ? cause.getMessage().strip() : "";
		return message.isEmpty() ? cause.getClass().getName() : message.lines().findFirst().orElse("");
	}

	private static void check(OidcProperties properties, String issuer) {
		URI uri;
		try {
			uri = URI.create(issuer);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException("ospatch.web.oidc.issuer-uri '" + issuer + "' is not a URL");
		}
		if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
			throw new InvalidInputException("ospatch.web.oidc.issuer-uri '" + issuer + "' is not an http(s) URL");
		}
		if (properties.clientId() == null || properties.clientId().isBlank()) {
			throw new InvalidInputException("ospatch.web.oidc.issuer-uri is set but ospatch.web.oidc.client-id is empty");
		}
		if (!properties.scopes().contains("openid")) {
			throw new InvalidInputException("ospatch.web.oidc.scopes " + properties.scopes() + " lack 'openid'");
		}
		if (properties.roleClaim() == null || properties.roleClaim().isBlank()
				|| properties.operatorValues().isEmpty() && properties.viewerValues().isEmpty()) {
			throw new InvalidInputException("ospatch.web.oidc: set role-claim and the values of it that make an "
					+ "operator (operator-values) or a viewer (viewer-values); without them nobody could log in");
		}
	}

	/** {@code ospatch.web.oidc.issuer-uri} set and not blank (an empty setting means no OIDC). */
	static final class IssuerConfigured implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String issuer = context.getEnvironment().getProperty("ospatch.web.oidc.issuer-uri");
			return issuer != null && !issuer.isBlank();
		}

	}

}
