package io.ospatch.report;

import java.io.Writer;
import java.util.Locale;

import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.TemplateSpec;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;

import org.springframework.stereotype.Component;

/**
 * Writes a run's report as one self-contained HTML page with Spring Boot's Thymeleaf engine
 * ({@code templates/report/run.html}). The template iterates the nodes, then the node events, as
 * they are read, so the page streams out whatever the size of the run.
 */
@Component
class HtmlReportWriter {

	/** Always HTML, whichever resolver finds it: other features add resolvers of other modes. */
	private static final TemplateSpec TEMPLATE = new TemplateSpec("report/run", TemplateMode.HTML);

	private final ITemplateEngine templates;

	HtmlReportWriter(ITemplateEngine templates) {
		this.templates = templates;
	}

	void write(RunReport report, Iterable<ReportNode> nodes, Iterable<ReportEvent> events, Writer out) {
		Context context = new Context(Locale.ROOT);
		context.setVariable("report", report);
		context.setVariable("nodes", nodes);
		context.setVariable("events", events);
		this.templates.process(TEMPLATE, context, out);
	}

}
