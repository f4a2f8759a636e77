package io.ospatch.web.runs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.ospatch.report.ReportFiles;

import org.springframework.http.MediaType;
import org.springframework.util.MimeTypeUtils;

/** The formats a run's report is written in, each with its file and content type. */
public enum ReportFormat {

	HTML("html", new MediaType("text", "html", StandardCharsets.UTF_8)),
	JSON("json", MediaType.APPLICATION_JSON),
	CSV("csv", new MediaType("text", "csv", StandardCharsets.UTF_8));

	private final String extension;

	private final MediaType mediaType;

	ReportFormat(String extension, MediaType mediaType) {
		this.extension = extension;
		this.mediaType = mediaType;
	}

	public String extension() {
		return this.extension;
	}

	public MediaType mediaType() {
		return this.mediaType;
	}

	/** The file of this format among a run's report files. */
	Path fileOf(ReportFiles files) {
		return switch (this) {
			case HTML -> files.html();
			case JSON -> files.json();
			case CSV -> files.csv();
		};
	}

	/** The format of a file extension ({@code html}, {@code json}, {@code csv}), if it is one. */
	public static Optional<ReportFormat> ofExtension(String extension) {
		return Arrays.stream(values()).filter((format) -> format.extension.equals(extension)).findFirst();
	}

	/**
	 * The format a client accepts best, by the specificity and quality of its {@code Accept} types;
	 * JSON for any type ({@code *}{@code /*}, or no header).
	 */
	public static Optional<ReportFormat> acceptedBy(List<MediaType> accepted) {
		if (accepted.isEmpty()) {
			return Optional.of(JSON);
		}
		List<MediaType> byPreference = new ArrayList<>(accepted);
		MimeTypeUtils.sortBySpecificity(byPreference);
		for (MediaType type : byPreference) {
			if (type.getQualityValue() == 0) {
				continue;
			}
			if (type.isWildcardType()) {
				return Optional.of(JSON);
			}
			Optional<ReportFormat> format = Arrays.stream(values())
				.filter((candidate) -> type.includes(candidate.mediaType))
				.findFirst();
			if (format.isPresent()) {
				return format;
			}
		}
		return Optional.empty();
	}

}
