package io.ospatch.database;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Opens the database once, as soon as its {@link DataSource} exists and before Flyway or anything
 * else uses it.
 * <p>
 * For an embedded H2 file database ({@code jdbc:h2:file:…}) it first creates the database's
 * directory owner-only (0700), when it is missing: with {@code AUTO_SERVER=TRUE} the first process
 * serves the others over TCP to whoever shows the random key that sits, with the port, in the
 * {@code .lock.db} file beside the database, so that directory's permissions are what keep other
 * users out. A directory that exists is left as it is.
 * <p>
 * A database that cannot be opened ends the start with a {@link DatabaseUnavailableException} of
 * one line; the driver's whole chain goes to the debug log.
 */
@Component
class DatabaseOpener implements BeanPostProcessor {

	private static final Logger log = LoggerFactory.getLogger(DatabaseOpener.class);

	private static final String H2_FILE = "jdbc:h2:file:";

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

	private static final Pattern USER_INFO = Pattern.compile("//[^/@]*@");

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSource dataSource) {
			String url = (bean instanceof HikariDataSource hikari) ? hikari.getJdbcUrl() : null;
			if (url != null && url.startsWith(H2_FILE)) {
				prepareDirectory(url);
			}
			open(dataSource, url);
		}
		return bean;
	}

	/** Creates the directory of an H2 file database, owner-only, unless it exists. */
	static void prepareDirectory(String url) {
		Path dir = h2DatabaseFile(url).toAbsolutePath().normalize().getParent();
		if (Files.isDirectory(dir)) {
			if (!Files.isWritable(dir)) {
				throw new DatabaseUnavailableException(
						"cannot open the database " + describe(url) + ": its directory " + dir + " is not writable");
			}
			return;
		}
		try {
			if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
				Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
			}
			else {
				Files.createDirectories(dir);
			}
		}
		catch (IOException ex) {
			log.debug("Cannot create {}", dir, ex);
			throw new DatabaseUnavailableException("cannot open the database " + describe(url)
					+ ": cannot create its directory " + dir + ": " + reason(ex));
		}
	}

	// H2 reads "~" as the user's home; the settings after ';' are not part of the path.
	private static Path h2DatabaseFile(String url) {
		String path = url.substring(H2_FILE.length());
		int settings = path.indexOf(';');
		if (settings >= 0) {
			path = path.substring(0, settings);
		}
		if (path.equals("~") || path.startsWith("~/")) {
			path = System.getProperty("user.home") + path.substring(1);
		}
		return Path.of(path);
	}

	private static void open(DataSource dataSource, String url) {
		try (Connection connection = dataSource.getConnection()) {
			log.debug("Opened the database {}", describe(url));
		}
		catch (SQLException | RuntimeException ex) {
			log.debug("Cannot open the database {}", describe(url), ex);
			throw new DatabaseUnavailableException("cannot open the database " + describe(url) + ": " + reason(ex));
		}
	}

	/** The URL without its settings and parameters, which may carry a password. */
	static String describe(String url) {
		if (url == null) {
			return "(spring.datasource.url)";
		}
		String withoutSettings = url.split("[;?]", 2)[0];
		return USER_INFO.matcher(withoutSettings).replaceFirst("//");
	}

	// The driver's innermost message says what happened ("Connection refused", "Access denied …"),
	// H2's and MySQL's outer ones add boilerplate.
	private static String reason(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		if (cause.getMessage() == null) {
			return cause.getClass().getName();
		}
		String message = cause.getMessage().lines().findFirst().orElse("").strip();
		// a file system error's message is only the path: its kind is in its name
		return (cause instanceof FileSystemException) ? cause.getClass().getSimpleName() + ": " + message : message;
	}

}
