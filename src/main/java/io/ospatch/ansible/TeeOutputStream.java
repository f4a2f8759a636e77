package io.ospatch.ansible;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Copies everything written to it to two streams. Closing it closes neither: both outlive the
 * process whose output it carries.
 */
final class TeeOutputStream extends OutputStream {

	private final OutputStream first;

	private final OutputStream second;

	TeeOutputStream(OutputStream first, OutputStream second) {
		this.first = first;
		this.second = second;
	}

	@Override
	public void write(int b) throws IOException {
		this.first.write(b);
		this.second.write(b);
	}

	@Override
	public void write(byte[] bytes, int offset, int count) throws IOException {
		this.first.write(bytes, offset, count);
		this.second.write(bytes, offset, count);
	}

	@Override
	public void flush() throws IOException {
		this.first.flush();
		this.second.flush();
	}

	@Override
	public void close() throws IOException {
		flush();
	}

}
