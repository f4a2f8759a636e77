package io.ospatch.web.api;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's title, how the API is logged in to (HTTP Basic, or an API token of
 * {@code ospatch token}), and the errors every operation may answer: the {@code Problem} schema of
 * {@code application/problem+json}, 401 on every operation, 403 on every change (an operation other
 * than GET).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class OpenApiConfiguration {

	/** The schema of every error's body, for {@code @Schema(ref = PROBLEM)}. */
	static final String PROBLEM = "#/components/schemas/Problem";

	private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	private static final String BASIC = "basic";

	private static final String TOKEN = "token";

	@Bean
	OpenAPI ospatchApi() {
		return new OpenAPI()
			.info(new Info().title("ospatch")
				.description("Keeps the OS of every Kubernetes node on the latest patch release of its stream. "
						+ "Reads need the role viewer, changes the role operator. Errors are application/problem+json "
						+ "with the command line's messages in detail."))
			.components(new Components()
				.addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
				.addSecuritySchemes(TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP)
					.scheme("bearer")
					.description("An API token of 'ospatch token create' (osp_...), as Authorization: Bearer TOKEN")))
			// either one: two requirements
			.addSecurityItem(new SecurityRequirement().addList(BASIC))
			.addSecurityItem(new SecurityRequirement().addList(TOKEN));
	}

	/** The Problem schema, and 401 and 403 where they apply: the rules of access answer them before any controller. */
	@Bean
	OpenApiCustomizer accessProblems() {
		return (api) -> {
			if (api.getComponents() == null) {
				api.setComponents(new Components());
			}
			api.getComponents().addSchemas("Problem", problemSchema());
			if (api.getPaths() == null) {
				return;
			}
			api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
				operation.getResponses()
					.addApiResponse("401", problem("Not logged in (HTTP Basic or an API token), a wrong password or a token not valid"));
				if (method != PathItem.HttpMethod.GET) {
					operation.getResponses().addApiResponse("403", problem("Logged in without the role operator"));
				}
			}));
		};
	}

	private static ApiResponse problem(String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(new Schema<>().$ref(PROBLEM))));
	}

	@SuppressWarnings("rawtypes")
	private static Schema problemSchema() {
		Map<String, Schema> properties = Map.of("type", new StringSchema().description("about:blank"), "title",
				new StringSchema().description("the kind of error"), "status",
				new IntegerSchema().description("the HTTP status"), "detail",
				new StringSchema().description("what is wrong, with the command line's message"), "instance",
				new StringSchema().description("the path asked for"));
		return new ObjectSchema().description("An error, RFC 9457 (application/problem+json)")
			.properties(new java.util.TreeMap<>(properties))
			.required(List.of("status", "title"));
	}

}
