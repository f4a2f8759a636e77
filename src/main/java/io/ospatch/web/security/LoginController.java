package io.ospatch.web.security;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The login page: the users file's form (Spring Security handles its POST) and, where an OIDC
 * provider is configured, "Log in with" it. A user the provider knows but who has no role of ours
 * gets the page with a 403 saying so.
 */
@Controller
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class LoginController {

	private final ObjectProvider<OidcLogin> oidcLogin;

	LoginController(ObjectProvider<OidcLogin> oidcLogin) {
		this.oidcLogin = oidcLogin;
	}

	@GetMapping("/login")
	String login(@RequestParam(name = "denied", required = false) String denied, Model model,
			HttpServletResponse response) {
		OidcLogin oidc = this.oidcLogin.getIfAvailable();
		if (oidc != null) {
			model.addAttribute("oidcProvider", oidc.providerName());
			model.addAttribute("oidcStart", OidcLogin.START_PATH);
		}
		if (denied != null) {
			response.setStatus(HttpStatus.FORBIDDEN.value());
		}
		return "web/login";
	}

}
