package io.ospatch.web.security;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.StandardClaimNames;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Logging in to the pages with the OpenID Provider: "Log in with <provider>" on the login page goes
 * to the provider; back from it, the user's role comes from the ID token's role claim
 * ({@link OidcRoles}), and a user with no role is refused with a 403 login page saying why. The
 * user's name is the {@code preferred_username} claim (or {@code email}, or {@code sub}), as the
 * records of changes show it.
 */
final class OidcLogin {

	static final String REGISTRATION_ID = "oidc";

	/** Where the login page's link starts the login (Spring Security's default path). */
	static final String START_PATH = "/oauth2/authorization/" + REGISTRATION_ID;

	private static final Logger log = LoggerFactory.getLogger(OidcLogin.class);

	private final ClientRegistration registration;

	private final OidcRoles roles;

	private final OidcUserService users = new OidcUserService();

	OidcLogin(ClientRegistration registration, OidcRoles roles) {
		this.registration = registration;
		this.roles = roles;
	}

	/** How the login page names the provider: its host. */
	String providerName() {
		return this.registration.getClientName();
	}

	void configure(HttpSecurity http) throws Exception {
		http.oauth2Login((login) -> login.loginPage("/login")
			.userInfoEndpoint((userInfo) -> userInfo.oidcUserService(this::loadUser))
			.failureHandler(this::failed));
	}

	OidcUser loadUser(OidcUserRequest request) {
		OidcUser user = this.users.loadUser(request);
		String name = nameClaim(user.getClaims());
		Role role = this.roles.role(user.getClaims())
			.orElseThrow(() -> new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.ACCESS_DENIED,
					"'" + user.getClaims().get(name) + "' has none of the values of claim '" + this.roles.claim()
							+ "' that make a viewer " + this.roles.viewerValues() + " or an operator "
							+ this.roles.operatorValues(),
					null)));
		return new DefaultOidcUser(List.of(new SimpleGrantedAuthority("ROLE_" + role.name())), user.getIdToken(),
				user.getUserInfo(), name);
	}

	private static String nameClaim(Map<String, Object> claims) {
		for (String claim : List.of(StandardClaimNames.PREFERRED_USERNAME, StandardClaimNames.EMAIL)) {
			if (claims.get(claim) instanceof String value && !value.isBlank()) {
				return claim;
			}
		}
		return IdTokenClaimNames.SUB;
	}

	/** A refused user sees why (403); any other failure (a bad state, the provider's error) is logged. */
	private void failed(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		boolean denied = ex instanceof OAuth2AuthenticationException oauth
				&& OAuth2ErrorCodes.ACCESS_DENIED.equals(oauth.getError().getErrorCode());
		log.warn("OIDC login with {} refused: {}", providerName(), ex.getMessage());
		response.sendRedirect(request.getContextPath() + (denied ? "/login?denied" : "/login?oidc_failed"));
	}

}
