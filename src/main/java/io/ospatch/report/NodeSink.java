package io.ospatch.report;

/** Takes a report's nodes one at a time, as they are read; {@link #close} ends the file's structure. */
interface NodeSink extends AutoCloseable {

	void accept(ReportNode node);

	@Override
	void close();

}
