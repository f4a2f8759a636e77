package io.ospatch.support;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The measuring and printing shared by the benchmark mains that {@code bench/scale} starts: each
 * measured action runs after a GC with the heap pools' peaks reset, and the table gives per figure
 * the median and the min-max over the rounds; a target is one line
 * {@code target: <name> <measured> <limit> pass|FAIL}. Progress goes to stderr, the table to stdout.
 */
public final class BenchmarkRounds {

	private BenchmarkRounds() {
	}

	/**
	 * One measured run of an action.
	 *
	 * @param seconds its wall time
	 * @param cpuSeconds the CPU time of the thread that ran it (user + system): steadier than the wall
	 * time on a shared machine, but without other threads' and the database server's work
	 * @param peakHeapMib the heap's peak while it ran, in MiB: the sum of the heap pools' peaks
	 * (measured from a GC just before, so the live heap the process already held is included)
	 */
	public record Round(double seconds, double cpuSeconds, double peakHeapMib) {
	}

	/** Something measured, returning a short description of what it did (counts) for the table. */
	@FunctionalInterface
	public interface Measured {

		String run() throws Exception;

	}

	/** Runs the action once, measured; its description is passed on to {@code described[0]} when given. */
	public static Round measure(Measured action, String[] described) throws Exception {
		System.gc();
		List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((pool) -> pool.getType() == MemoryType.HEAP)
			.toList();
		heap.forEach(MemoryPoolMXBean::resetPeakUsage);
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long cpuStart = threads.getCurrentThreadCpuTime();
		long start = System.nanoTime();
		String description = action.run();
		double seconds = (System.nanoTime() - start) / 1e9;
		double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
		long peak = heap.stream().mapToLong((pool) -> pool.getPeakUsage().getUsed()).sum();
		if (described != null) {
			described[0] = description;
		}
		return new Round(seconds, cpuSeconds, peak / (1024.0 * 1024.0));
	}

	public static void progress(String message) {
		System.err.println("scale: " + message);
		System.err.flush();
	}

	public static void printHeader(PrintStream out) {
		out.printf("%-64s %24s %24s %20s%n", "", "seconds", "thread CPU seconds", "peak heap MiB");
	}

	public static void printRow(PrintStream out, String what, List<Round> rounds) {
		out.printf("%-64s %24s %24s %20s%n", what, spread(rounds, Round::seconds, "%.3f"),
				spread(rounds, Round::cpuSeconds, "%.3f"), spread(rounds, Round::peakHeapMib, "%.0f"));
	}

	/** One target line: {@code name} has no spaces, so that a script can split the line. */
	public static void printTarget(PrintStream out, String name, double measured, double limit, String format) {
		out.println("target: " + name + " " + String.format(Locale.ROOT, format, measured) + " "
				+ String.format(Locale.ROOT, format, limit) + " " + ((measured < limit) ? "pass" : "FAIL"));
	}

	public static double median(List<Round> rounds, ToDoubleFunction<Round> figure) {
		double[] values = rounds.stream().mapToDouble(figure).sorted().toArray();
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

	public static double max(List<Round> rounds, ToDoubleFunction<Round> figure) {
		return rounds.stream().mapToDouble(figure).max().orElse(Double.NaN);
	}

	private static String spread(List<Round> rounds, ToDoubleFunction<Round> figure, String format) {
		double[] values = rounds.stream().mapToDouble(figure).toArray();
		double min = Arrays.stream(values).min().orElse(Double.NaN);
		double max = Arrays.stream(values).max().orElse(Double.NaN);
		return String.format(Locale.ROOT, format + " (" + format + "-" + format + ")", median(rounds, figure), min, max);
	}

}
