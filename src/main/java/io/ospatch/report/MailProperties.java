package io.ospatch.report;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The mail after each run ({@code ospatch.mail.*}, or {@code OSPATCH_MAIL_…} in the environment).
 * The SMTP server is Spring's {@code spring.mail.*}: without {@code spring.mail.host} no mail is sent.
 *
 * @param from the sender address (default {@code ospatch@localhost})
 * @param to addresses that receive every run's mail besides the cluster's security contacts,
 * comma separated (default none)
 * @param maxAttempts SMTP attempts per mail, the first one included (default 3)
 * @param retryDelay wait before the first retry (default 10s)
 * @param retryMultiplier factor applied to the wait after each retry (default 2)
 * @param retryMaxDelay longest wait between retries (default 2m)
 * @param attachmentMaxSize a report file larger than this is not attached; the mail says where it is
 * (default 10MB)
 * @param maxListedNodes nodes that need attention listed in the mail, the rest counted (default 50)
 */
@ConfigurationProperties("ospatch.mail")
public record MailProperties(@DefaultValue("ospatch@localhost") String from, @DefaultValue List<String> to,
		@DefaultValue("3") int maxAttempts, @DefaultValue("10s") Duration retryDelay,
		@DefaultValue("2") double retryMultiplier, @DefaultValue("2m") Duration retryMaxDelay,
		@DefaultValue("10MB") DataSize attachmentMaxSize, @DefaultValue("50") int maxListedNodes) {

	public MailProperties {
		to = (to != null) ? to.stream().map(String::strip).filter((address) -> !address.isEmpty()).toList() : List.of();
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("ospatch.mail.max-attempts must be at least 1");
		}
		if (retryMultiplier < 1) {
			throw new IllegalArgumentException("ospatch.mail.retry-multiplier must be at least 1");
		}
		if (maxListedNodes < 1) {
			throw new IllegalArgumentException("ospatch.mail.max-listed-nodes must be at least 1");
		}
	}

}
