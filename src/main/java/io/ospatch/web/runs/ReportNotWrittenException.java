package io.ospatch.web.runs;

/** A run whose report is not on disk (yet): the console and the API answer 404 with this message. */
public class ReportNotWrittenException extends RuntimeException {

	ReportNotWrittenException(String message) {
		super(message);
	}

}
