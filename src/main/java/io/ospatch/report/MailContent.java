package io.ospatch.report;

import java.nio.file.Path;
import java.util.List;

/**
 * One mail, ready to send: built only from run and report data, never from a cluster's
 * connection settings, so no key, password or inventory variable can reach it.
 *
 * @param subject the subject line
 * @param html the HTML body
 * @param text the plain-text alternative of the body
 * @param attachments report files attached
 */
record MailContent(String subject, String html, String text, List<Attachment> attachments) {

	MailContent {
		attachments = List.copyOf(attachments);
	}

	/**
	 * A file attached under a name of its own.
	 *
	 * @param name the name the recipient sees
	 * @param file the file
	 * @param contentType its MIME type
	 */
	record Attachment(String name, Path file, String contentType) {
	}

}
