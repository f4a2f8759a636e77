package io.ospatch.run;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

import io.ospatch.ansible.PackageChange;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A run's node results with their packages, read a page at a time, for reports of runs of any size:
 * only the ids of the results (in rolling order) and one page of results are ever in memory, and no
 * connection is held between pages.
 */
@Repository
public class NodeResultPages {

	/** Results per page: few enough for a small heap, enough that a 10,000-node run takes 20 queries. */
	static final int PAGE_SIZE = 500;

	private final JdbcClient jdbc;

	NodeResultPages(JdbcClient jdbc) {
		this.jdbc = jdbc;
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
		return () -> new Pages(resultIds(runId));
	}

	private List<Long> resultIds(long runId) {
		return this.jdbc.sql("""
				SELECT r.id FROM node_results r JOIN nodes n ON n.id = r.node_id
				WHERE r.run_id = ?
				ORDER BY r.chunk_number, CASE n.role WHEN 'control-plane' THEN 0 ELSE 1 END, n.name""")
			.param(runId)
			.query(Long.class)
			.list();
	}

	private List<NodeResultDetail> page(List<Long> ids) {
		Map<Long, List<PackageChange>> packages = new LinkedHashMap<>();
		ids.forEach((id) -> packages.put(id, new ArrayList<>()));
		this.jdbc.sql("""
				SELECT result_id, name, from_version, to_version, security, cves FROM node_result_packages
				WHERE result_id IN (:ids) ORDER BY result_id, name""")
			.param("ids", ids)
			.query((ResultSet rs) -> {
				String cves = rs.getString("cves");
				packages.get(rs.getLong("result_id"))
					.add(new PackageChange(rs.getString("name"), rs.getString("from_version"), rs.getString("to_version"),
							rs.getBoolean("security"), (cves != null && !cves.isBlank()) ? Arrays.asList(cves.trim().split("\\s+")) : List.of()));
			});
		Map<Long, NodeResultDetail> details = new LinkedHashMap<>();
		this.jdbc.sql("""
				SELECT n.name AS node_name, n.role AS node_role, r.* FROM node_results r JOIN nodes n ON n.id = r.node_id
				WHERE r.id IN (:ids)""")
			.param("ids", ids)
			.query((ResultSet rs) -> {
				long id = rs.getLong("id");
				details.put(id, new NodeResultDetail(rs.getString("node_role"), NodeResultRepository.mapResult(rs, 0), packages.get(id)));
			});
		return ids.stream().map(details::get).filter(Objects::nonNull).toList();
	}

	/** Reads the next page when the current one is used up. */
	private final class Pages implements Iterator<NodeResultDetail> {

		private final List<Long> ids;

		private int nextPage;

		private Iterator<NodeResultDetail> current = Collections.emptyIterator();

		Pages(List<Long> ids) {
			this.ids = ids;
		}

		@Override
		public boolean hasNext() {
			while (!this.current.hasNext() && this.nextPage < this.ids.size()) {
				List<Long> pageIds = this.ids.subList(this.nextPage, Math.min(this.nextPage + PAGE_SIZE, this.ids.size()));
				this.nextPage += pageIds.size();
				this.current = page(pageIds).iterator();
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
