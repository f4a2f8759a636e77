package io.ospatch.web.security;

/**
 * A token just created: the only time its secret exists outside the client that keeps it.
 *
 * @param secret the token to send as {@code Authorization: Bearer <secret>}; never logged
 * @param token what is stored of it
 */
public record IssuedApiToken(String secret, ApiToken token) {

	@Override
	public String toString() {
		return "IssuedApiToken[token=" + this.token + "]";
	}

}
