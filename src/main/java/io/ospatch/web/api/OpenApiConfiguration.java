package io.ospatch.web.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's title and how the API is logged in to: HTTP Basic, or an API token ({@code ospatch token}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class OpenApiConfiguration {

	private static final String BASIC = "basic";

	private static final String TOKEN = "token";

	@Bean
	OpenAPI ospatchApi() {
		return new OpenAPI()
			.info(new Info().title("ospatch")
				.description("Keeps the OS of every Kubernetes node on the latest patch release of its stream. "
						+ "Reads need the role viewer, changes the role operator."))
			.components(new Components()
				.addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
				.addSecuritySchemes(TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP)
					.scheme("bearer")
					.description("An API token of 'ospatch token create' (osp_...), as Authorization: Bearer TOKEN")))
			// either one: two requirements
			.addSecurityItem(new SecurityRequirement().addList(BASIC))
			.addSecurityItem(new SecurityRequirement().addList(TOKEN));
	}

}
