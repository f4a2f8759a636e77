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
 * users out. A directory that exists is left as it is. The database's own files are made owner-only
 * (0600) whatever the umask: its file is created so before H2 first opens it, and what H2 created
 * beside it (the lock and trace files) is set so once it is open.
 * <p>
 * A database file that existed, not empty, but opens without ospatch's schema (Flyway's history
 * table) is damaged or not ospatch's: the start ends with one line naming the file, before Flyway
 * could create a fresh, empty schema in it and ospatch report an empty fleet.
 * <p>
 * A database that cannot be opened ends the start with a {@link DatabaseUnavailableException} of
 * one line; the driver's whole chain goes to the debug log.
 */
@Component
class DatabaseOpener implements BeanPostProcessor {

	private static final Logger log = LoggerFactory.getLogger(DatabaseOpener.class);

	private static final String H2_FILE = "jdbc:h2:file:";

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

	private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");

	private static final String H2_DATA_SUFFIX = ".mv.db";

	private static final String SCHEMA_HISTORY = "flyway_schema_history";

	private static final Pattern USER_INFO = Pattern.compile("//[^/@]*@");

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSource dataSource) {
			String url = (bean instanceof HikariDataSource hikari) ? hikari.getJdbcUrl() : null;
			if (url != null && url.startsWith(H2_FILE)) {
				prepareDirectory(url);
				Path file = h2DataFile(url);
				boolean existed = isNotEmpty(file);
				if (existed && !Files.exists(lockFile(file))) {
					// no process has it open: look at it read-only first, as H2 rewrites a damaged file it opens
					probeReadOnly((HikariDataSource) bean, file);
				}
				createOwnerOnly(file);
				open(dataSource, url, existed ? file : null);
				restrictToOwner(file);
			}
			else {
				open(dataSource, url, null);
			}
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

	/** The file H2 keeps the database in: the URL's path with {@code .mv.db} added. */
	static Path h2DataFile(String url) {
		Path database = h2DatabaseFile(url).toAbsolutePath().normalize();
		return database.resolveSibling(database.getFileName() + H2_DATA_SUFFIX);
	}

	private static boolean isNotEmpty(Path file) {
		try {
			return Files.isRegularFile(file) && Files.size(file) > 0;
		}
		catch (IOException ex) {
			return true;
		}
	}

	// H2 takes an empty file for a new database and keeps its permissions.
	private static void createOwnerOnly(Path file) {
		if (Files.exists(file) || !isPosix()) {
			return;
		}
		try {
			Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
		}
		catch (IOException ex) {
			log.debug("Cannot create {} owner-only; H2 creates it", file, ex);
		}
	}

	/** Makes the database's files (ospatch.mv.db, .lock.db, .trace.db) that this user owns 0600. */
	static void restrictToOwner(Path dataFile) {
		if (!isPosix()) {
			return;
		}
		String prefix = dataFile.getFileName().toString();
		prefix = prefix.substring(0, prefix.length() - H2_DATA_SUFFIX.length()) + ".";
		try (var files = Files.list(dataFile.getParent())) {
			for (Path file : (Iterable<Path>) files::iterator) {
				if (file.getFileName().toString().startsWith(prefix) && Files.isRegularFile(file)) {
					try {
						Files.setPosixFilePermissions(file, OWNER_READ_WRITE);
					}
					catch (IOException ex) {
						log.debug("Cannot make {} owner-only", file, ex);
					}
				}
			}
		}
		catch (IOException ex) {
			log.debug("Cannot list {}", dataFile.getParent(), ex);
		}
	}

	private static boolean isPosix() {
		return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
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

	/**
	 * @param existingFile the embedded database's file when it existed, not empty, before: it must
	 * then hold ospatch's schema
	 */
	private static void open(DataSource dataSource, String url, Path existingFile) {
		boolean hasSchema;
		try (Connection connection = dataSource.getConnection()) {
			log.debug("Opened the database {}", describe(url));
			hasSchema = (existingFile == null) || hasSchemaHistory(connection);
		}
		catch (SQLException | RuntimeException ex) {
			if (existingFile != null) {
				log.debug("Cannot open the database file {}", existingFile, ex);
				throw new DatabaseUnavailableException("cannot open the database file " + existingFile + ": " + reason(ex)
						+ ": damaged? restore it from a backup, or move it away to start afresh");
			}
			log.debug("Cannot open the database {}", describe(url), ex);
			throw new DatabaseUnavailableException("cannot open the database " + describe(url) + ": " + reason(ex));
		}
		if (!hasSchema) {
			if (dataSource instanceof HikariDataSource hikari) {
				// no pooled connection stays open on it: nothing more is written to the file
				hikari.close();
			}
			throw noSchema(existingFile);
		}
	}

	private static Path lockFile(Path dataFile) {
		String name = dataFile.getFileName().toString();
		return dataFile.resolveSibling(name.substring(0, name.length() - H2_DATA_SUFFIX.length()) + ".lock.db");
	}

	/** Opens the existing database read-only, on its own, and refuses it unless it holds ospatch's schema. */
	private static void probeReadOnly(HikariDataSource dataSource, Path file) {
		String readOnly = Pattern.compile(";AUTO_SERVER=[^;]*", Pattern.CASE_INSENSITIVE)
			.matcher(dataSource.getJdbcUrl())
			.replaceAll("") + ";ACCESS_MODE_DATA=r";
		boolean hasSchema;
		try (Connection connection = java.sql.DriverManager.getConnection(readOnly, dataSource.getUsername(),
				dataSource.getPassword())) {
			hasSchema = hasSchemaHistory(connection);
		}
		catch (SQLException ex) {
			log.debug("Cannot open the database file {} read-only", file, ex);
			throw new DatabaseUnavailableException("cannot open the database file " + file + ": " + reason(ex)
					+ ": damaged? restore it from a backup, or move it away to start afresh");
		}
		if (!hasSchema) {
			throw noSchema(file);
		}
	}

	private static DatabaseUnavailableException noSchema(Path file) {
		return new DatabaseUnavailableException("the database file " + file
				+ " exists but holds no ospatch schema: damaged? restore it from a backup, or move it away to start afresh");
	}

	private static boolean hasSchemaHistory(Connection connection) throws SQLException {
		try (var tables = connection.getMetaData().getTables(null, null, "%", null)) {
			while (tables.next()) {
				if (SCHEMA_HISTORY.equalsIgnoreCase(tables.getString("TABLE_NAME"))) {
					return true;
				}
			}
			return false;
		}
	}

	/**
	 * The URL without its settings and parameters, which may carry a password; an H2 file
	 * database's path made absolute.
	 */
	static String describe(String url) {
		if (url == null) {
			return "(spring.datasource.url)";
		}
		if (url.startsWith(H2_FILE)) {
			return H2_FILE + h2DatabaseFile(url).toAbsolutePath().normalize();
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
