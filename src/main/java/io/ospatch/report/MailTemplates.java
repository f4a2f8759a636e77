package io.ospatch.report;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.thymeleaf.templateresolver.ITemplateResolver;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The mail templates: {@code templates/mail/*.html} in HTML mode, {@code templates/mail/*.txt} in
 * TEXT mode. Spring Boot hands every {@link ITemplateResolver} bean to its template engine; this one
 * answers only for {@code mail/…} names, ahead of Boot's default resolver, so it takes no other
 * template and no other resolver takes the mail's.
 */
@Configuration(proxyBeanMethods = false)
class MailTemplates {

	static final String HTML = "mail/run.html";

	static final String TEXT = "mail/run.txt";

	@Bean
	ITemplateResolver mailTemplateResolver() {
		ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
		resolver.setPrefix("templates/");
		resolver.setResolvablePatterns(Set.of("mail/*.html", "mail/*.txt"));
		resolver.setHtmlTemplateModePatterns(Set.of("mail/*.html"));
		resolver.setTextTemplateModePatterns(Set.of("mail/*.txt"));
		resolver.setTemplateMode(TemplateMode.TEXT);
		resolver.setCharacterEncoding(StandardCharsets.UTF_8.name());
		resolver.setCheckExistence(true);
		resolver.setCacheable(true);
		resolver.setOrder(1);
		return resolver;
	}

}
