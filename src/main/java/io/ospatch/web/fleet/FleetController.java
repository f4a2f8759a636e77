package io.ospatch.web.fleet;

import java.security.Principal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The fleet page at {@code /}. */
@Controller
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class FleetController {

	private final FleetPage page;

	FleetController(FleetPage page) {
		this.page = page;
	}

	@GetMapping("/")
	String fleet(Model model, Principal user) {
		model.addAttribute("fleet", this.page.content());
		model.addAttribute("user", user.getName());
		return "web/fleet";
	}

}
