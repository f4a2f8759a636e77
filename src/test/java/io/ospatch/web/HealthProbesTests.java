package io.ospatch.web;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The probes of the server's Deployment ({@code k8s-cronjobs/base/deployment-serve.yaml}) answer
 * without a login, outside Kubernetes too: readiness on {@code /actuator/health} (the database
 * included), liveness on {@code /actuator/health/liveness} (the server alone). Same context as
 * {@link WebConsoleTests}.
 */
@SpringBootTest(properties = { "spring.main.web-application-type=servlet",
		"spring.datasource.url=jdbc:h2:mem:web-console;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"spring.datasource.username=sa", "spring.datasource.password=",
		"ospatch.web.users-file=src/test/resources/web/users.yaml", "OSPATCH_ADMIN_PASSWORD=admin-password-123" })
@AutoConfigureMockMvc
class HealthProbesTests {

	@Autowired
	MockMvc mvc;

	@Test
	void readinessAndLivenessAnswerWithoutLogin() throws Exception {
		this.mvc.perform(get("/actuator/health")).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UP"));
		this.mvc.perform(get("/actuator/health/liveness"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("UP"));
		this.mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk());
	}

}
