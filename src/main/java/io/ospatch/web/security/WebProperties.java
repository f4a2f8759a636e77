package io.ospatch.web.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of {@code ospatch serve}.
 *
 * @param usersFile the users of the web console (see {@link UsersFile}); empty for none
 */
@ConfigurationProperties("ospatch.web")
public record WebProperties(String usersFile) {

}
