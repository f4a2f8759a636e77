package io.ospatch.web.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The login page; Spring Security handles the form's POST. */
@Controller
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class LoginController {

	@GetMapping("/login")
	String login() {
		return "web/login";
	}

}
