package io.ospatch;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings shared by several features.
 *
 * @param reportsDir where run logs and reports are written ({@code OSPATCH_REPORTS_DIR}; default
 * {@code ${OSPATCH_HOME}/reports}, set in {@code application.properties}, with {@code OSPATCH_HOME}
 * defaulting to {@code ~/.ospatch})
 */
@ConfigurationProperties("ospatch")
public record OspatchProperties(@DefaultValue("./reports") Path reportsDir) {
}
