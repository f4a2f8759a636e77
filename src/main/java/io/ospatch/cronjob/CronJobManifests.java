package io.ospatch.cronjob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.ospatch.cluster.InvalidInputException;

/**
 * Rendered CronJobs as YAML: one stream of documents, or a directory of files with its
 * {@code kustomization.yaml}, which an overlay can take as a resource (and set the namespace and
 * image of, as for the base).
 *
 * <p>Every file written starts with {@link #MARKER}. Rendering into a directory again replaces
 * the marked files and removes the marked ones no longer needed (a schedule changed), and never
 * touches a file without the marker.
 */
public final class CronJobManifests {

	/** The first line of every file written: the files ospatch may replace or remove. */
	public static final String MARKER = "# Rendered by `ospatch cronjobs` from the fleet's schedules: render again, do not edit.";

	static final String KUSTOMIZATION = "kustomization.yaml";

	private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

	private CronJobManifests() {
	}

	/** The CronJobs as one YAML stream, a document each, in the order given. */
	public static String yaml(List<CronJob> cronJobs) {
		StringBuilder yaml = new StringBuilder(MARKER).append('\n');
		cronJobs.forEach((cronJob) -> yaml.append(document(cronJob)));
		return yaml.toString();
	}

	/**
	 * Writes one file per CronJob ({@code NAME.yaml}) and a {@code kustomization.yaml} listing them
	 * into {@code dir}, created if missing, and removes the files an earlier rendering wrote there
	 * that are no longer needed.
	 * @return what changed: "wrote FILE" and "removed FILE" lines
	 * @throws InvalidInputException, before anything is written, if {@code dir} is not a directory
	 * or holds a file of the same name that ospatch did not write
	 */
	public static List<String> write(Path dir, List<CronJob> cronJobs) {
		if (Files.exists(dir) && !Files.isDirectory(dir)) {
			throw new InvalidInputException("--out " + dir + " is not a directory");
		}
		Map<Path, String> files = new LinkedHashMap<>();
		List<String> names = new ArrayList<>();
		for (CronJob cronJob : cronJobs) {
			String name = cronJob.getMetadata().getName() + ".yaml";
			names.add(name);
			files.put(dir.resolve(name), MARKER + "\n" + document(cronJob));
		}
		files.put(dir.resolve(KUSTOMIZATION), kustomization(names));
		for (Path file : files.keySet()) {
			if (Files.exists(file) && !rendered(file)) {
				throw new InvalidInputException("--out " + dir + ": " + file.getFileName()
						+ " is not a file `ospatch cronjobs` wrote; it is left alone: render into another directory");
			}
		}
		try {
			Files.createDirectories(dir);
			List<String> changes = new ArrayList<>();
			for (Map.Entry<Path, String> file : files.entrySet()) {
				Files.writeString(file.getKey(), file.getValue());
				changes.add("wrote " + file.getKey());
			}
			for (Path stale : staleFiles(dir, files.keySet())) {
				Files.delete(stale);
				changes.add("removed " + stale);
			}
			return changes;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write the CronJobs into " + dir + ": " + ex.getMessage(), ex);
		}
	}

	private static String document(CronJob cronJob) {
		String yaml = SERIALIZATION.asYaml(cronJob);
		return yaml.startsWith("---") ? yaml : "---\n" + yaml;
	}

	private static String kustomization(List<String> resources) {
		StringBuilder yaml = new StringBuilder(MARKER).append('\n')
			.append("apiVersion: kustomize.config.k8s.io/v1beta1\n")
			.append("kind: Kustomization\n");
		if (resources.isEmpty()) {
			return yaml.append("resources: []\n").toString();
		}
		yaml.append("resources:\n");
		resources.forEach((resource) -> yaml.append("  - ").append(resource).append('\n'));
		return yaml.toString();
	}

	private static List<Path> staleFiles(Path dir, Set<Path> current) throws IOException {
		List<Path> stale = new ArrayList<>();
		try (DirectoryStream<Path> yamls = Files.newDirectoryStream(dir, "*.yaml")) {
			for (Path file : yamls) {
				if (!current.contains(file) && Files.isRegularFile(file) && rendered(file)) {
					stale.add(file);
				}
			}
		}
		stale.sort(null);
		return stale;
	}

	private static boolean rendered(Path file) {
		try (Stream<String> lines = Files.lines(file)) {
			return lines.findFirst().filter(MARKER::equals).isPresent();
		}
		catch (IOException | UncheckedIOException ex) {
			// unreadable (or not text): not one of ours, so it is left alone
			return false;
		}
	}

}
