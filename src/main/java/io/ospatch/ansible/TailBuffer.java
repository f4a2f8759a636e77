package io.ospatch.ansible;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Keeps the last bytes written to it: the end of a stream is where a failed program says why, and
 * a chatty one must not fill the heap.
 */
final class TailBuffer extends OutputStream {

	private final int capacity;

	private final byte[] buffer;

	private int length;

	TailBuffer(int capacity) {
		this.capacity = capacity;
		this.buffer = new byte[2 * capacity];
	}

	@Override
	public synchronized void write(int b) {
		write(new byte[] { (byte) b }, 0, 1);
	}

	@Override
	public synchronized void write(byte[] bytes, int offset, int count) {
		if (count >= this.capacity) {
			System.arraycopy(bytes, offset + count - this.capacity, this.buffer, 0, this.capacity);
			this.length = this.capacity;
			return;
		}
		if (this.length + count > this.buffer.length) {
			int keep = this.capacity - count;
			System.arraycopy(this.buffer, this.length - keep, this.buffer, 0, keep);
			this.length = keep;
		}
		System.arraycopy(bytes, offset, this.buffer, this.length, count);
		this.length += count;
	}

	/** The last {@code capacity} bytes or fewer, as UTF-8 text. */
	synchronized String text() {
		int start = Math.max(0, this.length - this.capacity);
		return new String(Arrays.copyOfRange(this.buffer, start, this.length), StandardCharsets.UTF_8);
	}

}
