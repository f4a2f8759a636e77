package io.ospatch.web.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * OIDC login for the pages of {@code ospatch serve}, beside the users file.
 *
 * @param issuerUri the OpenID Provider's issuer (its {@code /.well-known/openid-configuration} is read
 * as the server starts); empty: no OIDC login, and no request to any provider
 * @param clientId the client registered at the provider for ospatch
 * @param clientSecret its secret, from {@code OSPATCH_WEB_OIDC_CLIENT_SECRET} (a Secret in Kubernetes),
 * never from a file in the image nor logged; empty: a public client (PKCE only)
 * @param scopes the scopes asked for; {@code openid} among them
 * @param roleClaim the ID token's claim that holds the user's groups or roles (a list or one string)
 * @param operatorValues values of that claim that make the user an operator
 * @param viewerValues values that make the user a viewer; a user with neither may not log in
 */
@ConfigurationProperties("ospatch.web.oidc")
public record OidcProperties(String issuerUri, String clientId, String clientSecret, List<String> scopes,
		String roleClaim, List<String> operatorValues, List<String> viewerValues) {

	public OidcProperties {
		scopes = (scopes != null) ? List.copyOf(scopes) : List.of();
		operatorValues = (operatorValues != null) ? List.copyOf(operatorValues) : List.of();
		viewerValues = (viewerValues != null) ? List.copyOf(viewerValues) : List.of();
	}

	/** Whether an issuer is configured, so that pages offer OIDC login. */
	public boolean enabled() {
		return this.issuerUri != null && !this.issuerUri.isBlank();
	}

	@Override
	public String toString() {
		return "OidcProperties[issuerUri=" + this.issuerUri + ", clientId=" + this.clientId + ", clientSecret="
				+ ((this.clientSecret == null || this.clientSecret.isEmpty()) ? "(none)" : "(hidden)") + ", scopes="
				+ this.scopes + ", roleClaim=" + this.roleClaim + ", operatorValues=" + this.operatorValues
				+ ", viewerValues=" + this.viewerValues + "]";
	}

}
