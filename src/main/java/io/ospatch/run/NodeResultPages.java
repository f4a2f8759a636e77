package io.ospatch.run;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

import io.ospatch.ansible.PackageChange;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A run's node results with their packages, read a page at a time, for reports of runs of any size:
 * only the ids of the results (in rolling order) and one page of results are ever in memory, and no
 * connection is held between pages.
 *
 * <p>A page is two queries, its results and their packages, that name the page's result ids as a
 * list of numbers written into the SQL ({@code IN (17,18,…)}): the ids are {@code long}s read from
 * the database, so the text cannot carry anything else. Bound parameters would cost the same on
 * MySQL/MariaDB, whose driver writes them into the text anyway, but H2 checks each row read against
 * a list of parameters one value after the other (a 10,000-node report spent a fifth of its time
 * there), against a list of numbers with a hash set.
 */
@Repository
public class NodeResultPages {

	/** Results per page at most: a 10,000-node run takes 10 pages. */
	static final int PAGE_SIZE = 1000;

	/**
	 * Packages per page at most, as the results count them ({@code packages_changed}): nodes that
	 * changed hundreds of packages make shorter pages, so that a page stays a few megabytes of heap.
	 * A page holds at least one result whatever its count.
	 */
	static final int PAGE_PACKAGES = 20_000;

	private final JdbcClient jdbc;

	private final int pageSize;

	private final int pagePackages;

	@Autowired
	NodeResultPages(JdbcClient jdbc) {
		this(jdbc, PAGE_SIZE, PAGE_PACKAGES);
	}

	/** With other page limits: for tests, so that small runs break into pages. */
	NodeResultPages(JdbcClient jdbc, int pageSize, int pagePackages) {
		this.jdbc = jdbc;
		this.pageSize = pageSize;
		this.pagePackages = pagePackages;
	}

	/** The kind of the run's cluster ({@code provisioned}, {@code eks}, …), if the run exists. */
	public Optional<String> clusterKind(long runId) {
		return this.jdbc.sql("SELECT c.kind FROM patch_runs r JOIN clusters c ON c.id = r.cluster_id WHERE r.id = ?")
			.param(runId)
			.query(String.class)
			.optional();
	}

	/**
	 * The run's results in rolling order, read lazily a page at a time; each iteration reads them
	 * again from the database.
	 */
	public Iterable<NodeResultDetail> inRollingOrder(long runId) {
		return () -> new Pages(runId, false);
	}

	/**
	 * The run's results in rolling order as {@link #inRollingOrder} reads them, but each with only
	 * its packages that name a CVE: what a report's summary needs (its figures and the CVEs fixed),
	 * without reading every package.
	 */
	public Iterable<NodeResultDetail> withCvePackages(long runId) {
		return () -> new Pages(runId, true);
	}

	/** The run's result ids in rolling order, each with how many packages it changed. */
	private ResultIds resultIds(long runId) {
		ResultIds ids = new ResultIds();
		this.jdbc.sql("""
				SELECT r.id, r.packages_changed FROM node_results r JOIN nodes n ON n.id = r.node_id
				WHERE r.run_id = ?
				ORDER BY r.chunk_number, CASE n.role WHEN 'control-plane' THEN 0 ELSE 1 END, n.name""")
			.param(runId)
			.query((ResultSet rs) -> {
				ids.add(rs.getLong(1), rs.getInt(2));
			});
		return ids;
	}

	private List<NodeResultDetail> page(long[] ids, int from, int to, boolean cvePackagesOnly) {
		String idList = idList(ids, from, to);
		Map<Long, List<PackageChange>> packages = new HashMap<>();
		this.jdbc.sql("""
				SELECT result_id, name, from_version, to_version, security, cves FROM node_result_packages
				WHERE result_id IN (%s)%s ORDER BY result_id, name"""
			.formatted(idList, cvePackagesOnly ? " AND cves IS NOT NULL" : ""))
			.query((ResultSet rs) -> {
				List<String> cves = cves(rs.getString(6));
				if (!cvePackagesOnly || !cves.isEmpty()) {
					packages.computeIfAbsent(rs.getLong(1), (id) -> new ArrayList<>())
						.add(new PackageChange(rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5), cves));
				}
			});
		Map<Long, NodeResultDetail> details = new HashMap<>();
		this.jdbc.sql("""
				SELECT n.name AS node_name, n.role AS node_role, r.* FROM node_results r JOIN nodes n ON n.id = r.node_id
				WHERE r.id IN (%s)""".formatted(idList))
			.query((ResultSet rs) -> {
				long id = rs.getLong("id");
				details.put(id, new NodeResultDetail(rs.getString("node_role"), NodeResultRepository.mapResult(rs, 0),
						packages.getOrDefault(id, List.of())));
			});
		List<NodeResultDetail> page = new ArrayList<>(to - from);
		for (int i = from; i < to; i++) {
			NodeResultDetail detail = details.get(ids[i]);
			if (detail != null) { // deleted since its id was read
				page.add(detail);
			}
		}
		return page;
	}

	/** {@code 17,18,25}: numbers only, so safe to write into SQL. */
	private static String idList(long[] ids, int from, int to) {
		StringBuilder list = new StringBuilder((to - from) * 8);
		for (int i = from; i < to; i++) {
			if (i > from) {
				list.append(',');
			}
			list.append(ids[i]);
		}
		return list.toString();
	}

	/**
	 * The CVE ids of a package as stored, separated by white space; none for {@code null} or blank.
	 * The same as {@code stored.trim().split("\\s+")}, without a regex compiled per package.
	 */
	static List<String> cves(String stored) {
		if (stored == null || stored.isBlank()) {
			return List.of();
		}
		String text = stored.trim();
		List<String> cves = new ArrayList<>(4);
		int start = 0;
		for (int i = 0; i <= text.length(); i++) {
			if (i == text.length() || isRegexSpace(text.charAt(i))) {
				if (i > start) {
					cves.add(text.substring(start, i));
				}
				start = i + 1;
			}
		}
		return cves;
	}

	/** {@code \s} of {@link java.util.regex.Pattern}: space, tab, line feed, vertical tab, form feed, carriage return. */
	private static boolean isRegexSpace(char c) {
		return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
	}

	/** Result ids and their package counts, in the order read. */
	private static final class ResultIds {

		private long[] ids = new long[256];

		private int[] packages = new int[256];

		private int size;

		void add(long id, int packageCount) {
			if (this.size == this.ids.length) {
				this.ids = Arrays.copyOf(this.ids, this.size * 2);
				this.packages = Arrays.copyOf(this.packages, this.size * 2);
			}
			this.ids[this.size] = id;
			this.packages[this.size] = Math.max(0, packageCount);
			this.size++;
		}

	}

	/** Reads the next page when the current one is used up. */
	private final class Pages implements Iterator<NodeResultDetail> {

		private final long runId;

		private final boolean cvePackagesOnly;

		private ResultIds ids;

		private int next;

		private Iterator<NodeResultDetail> current = Collections.emptyIterator();

		Pages(long runId, boolean cvePackagesOnly) {
			this.runId = runId;
			this.cvePackagesOnly = cvePackagesOnly;
		}

		@Override
		public boolean hasNext() {
			if (this.ids == null) {
				this.ids = resultIds(this.runId);
			}
			while (!this.current.hasNext() && this.next < this.ids.size) {
				int from = this.next;
				int to = from + 1;
				long packages = this.ids.packages[from];
				while (to < this.ids.size && to - from < NodeResultPages.this.pageSize
						&& packages + this.ids.packages[to] <= NodeResultPages.this.pagePackages) {
					packages += this.ids.packages[to];
					to++;
				}
				this.next = to;
				this.current = page(this.ids.ids, from, to, this.cvePackagesOnly).iterator();
			}
			return this.current.hasNext();
		}

		@Override
		public NodeResultDetail next() {
			if (!hasNext()) {
				throw new NoSuchElementException();
			}
			return this.current.next();
		}

	}

}
