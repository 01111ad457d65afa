package org.medbroker.engine.store.resource;

import ca.uhn.fhir.context.FhirContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Resource;

/**
 * FHIR resources as JSON with their version history and search index.
 *
 * <p>Writes run in the caller's transaction (the journal apply worker's); reads take their own
 * pooled connection. Every read returns resources whose id carries type, id and version.
 */
public final class ResourceStore {

    /** FHIR's id syntax. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final String COLUMNS = "r.res_type, r.res_id, r.version_id, r.last_updated, r.json_text";

    private final DataSource dataSource;
    private final ResourceJson json;
    private final SearchIndexer indexer = new SearchIndexer();
    private final IndexWriter indexWriter = new IndexWriter();

    public ResourceStore(DataSource dataSource, FhirContext fhirContext) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.json = new ResourceJson(Objects.requireNonNull(fhirContext, "fhirContext"));
    }

    /** The result of {@link #upsert}: the version now current, and whether this call wrote it. */
    public record WriteOutcome(String type, String id, long versionId, boolean changed) {
    }

    /**
     * In the caller's transaction (autoCommit off). Creates version 1, or a new version when the
     * content differs from the current one ignoring meta.versionId and meta.lastUpdated; identical
     * content is a no-op. Sets meta.versionId and meta.lastUpdated on the resource (to the current
     * version's on a no-op). {@code now} is kept to the millisecond.
     */
    public WriteOutcome upsert(Connection connection, Resource resource, Instant now) throws SQLException {
        String type = resource.fhirType();
        String id = resource.getIdElement().getIdPart();
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "MB-0500: a " + type + " has no id or an id that is not 1-64 of [A-Za-z0-9-.]; set Resource.id before storing");
        }
        Instant lastUpdated = now.truncatedTo(ChronoUnit.MILLIS);
        Stored current = currentForUpdate(connection, type, id);
        if (current != null) {
            Resource currentResource = json.decode(type, id, current.versionId, current.json);
            if (json.contentOf(resource).equals(json.contentOf(currentResource))) {
                ResourceJson.stamp(resource, current.versionId, current.lastUpdated);
                return new WriteOutcome(type, id, current.versionId, false);
            }
        }
        long versionId = current == null ? 1 : current.versionId + 1;
        ResourceJson.stamp(resource, versionId, lastUpdated);
        String text = json.encode(resource);
        if (current == null) {
            execute(connection, "INSERT INTO resource (version_id, last_updated, json_text, res_type, res_id) VALUES (?, ?, ?, ?, ?)",
                    versionId, lastUpdated, text, type, id);
        } else {
            execute(connection, "UPDATE resource SET version_id = ?, last_updated = ?, json_text = ? WHERE res_type = ? AND res_id = ?",
                    versionId, lastUpdated, text, type, id);
        }
        execute(connection, "INSERT INTO resource_history (version_id, last_updated, json_text, res_type, res_id) VALUES (?, ?, ?, ?, ?)",
                versionId, lastUpdated, text, type, id);
        indexWriter.replace(connection, type, id, indexer.index(resource), current != null);
        return new WriteOutcome(type, id, versionId, true);
    }

    /** The current version. */
    public Optional<Resource> read(String type, String id) {
        List<Resource> found = query("SELECT " + COLUMNS + " FROM resource r WHERE r.res_type = ? AND r.res_id = ?",
                List.of(type, id));
        return found.stream().findFirst();
    }

    /** One version, current or older. */
    public Optional<Resource> vread(String type, String id, long versionId) {
        List<Resource> found = query("SELECT " + COLUMNS + " FROM resource_history r"
                + " WHERE r.res_type = ? AND r.res_id = ? AND r.version_id = ?", List.of(type, id, versionId));
        return found.stream().findFirst();
    }

    /** How many current resources match. */
    public int count(SearchQuery query) {
        Sql.Fragment where = SearchSql.where(query);
        return count("SELECT COUNT(*) FROM resource r WHERE " + where.text(), where.params());
    }

    /** One page of the matches, in the query's order. */
    public List<Resource> search(SearchQuery query, PageRequest page) {
        Sql.Fragment where = SearchSql.where(query);
        List<Object> params = new ArrayList<>(where.params());
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM resource r WHERE ").append(where.text());
        boolean newestFirst = query.order() == SearchQuery.Order.NEWEST_FIRST;
        if (page.after() != null) {
            String beyond = newestFirst ? "<" : ">";
            sql.append(" AND (r.last_updated ").append(beyond).append(" ? OR (r.last_updated = ? AND r.res_id ")
                    .append(beyond).append(" ?))");
            params.add(page.after().lastUpdated());
            params.add(page.after().lastUpdated());
            params.add(page.after().id());
        }
        String direction = newestFirst ? " DESC" : " ASC";
        sql.append(" ORDER BY r.last_updated").append(direction).append(", r.res_id").append(direction);
        sql.append(" LIMIT ? OFFSET ?");
        params.add(page.limit());
        params.add(page.after() != null ? 0 : page.offset());
        return query(sql.toString(), params);
    }

    /**
     * The current versions of the resources that {@code param} of the given source resources
     * points at (for {@code _include}), each once, in type and id order.
     */
    public List<Resource> referencedBy(String sourceType, String param, Collection<String> sourceIds) {
        if (sourceIds.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>(List.of(sourceType, param));
        StringJoiner in = new StringJoiner(", ", "(", ")");
        for (String sourceId : sourceIds) {
            in.add("?");
            params.add(sourceId);
        }
        String sql = "SELECT " + COLUMNS + " FROM resource_ref x JOIN resource r"
                + " ON r.res_type = x.target_type AND r.res_id = x.target_id"
                + " WHERE x.res_type = ? AND x.param = ? AND x.res_id IN " + in
                + " ORDER BY r.res_type, r.res_id";
        Map<String, Resource> unique = new LinkedHashMap<>();
        for (Resource resource : query(sql, params)) {
            unique.putIfAbsent(resource.getIdElement().toUnqualifiedVersionless().getValue(), resource);
        }
        return List.copyOf(unique.values());
    }

    /** How many versions a history query covers. */
    public int historyCount(HistoryQuery query) {
        Sql.Fragment where = historyWhere(query);
        return count("SELECT COUNT(*) FROM resource_history r WHERE " + where.text(), where.params());
    }

    /** One page of versions, newest first. */
    public List<Resource> history(HistoryQuery query, int offset, int limit) {
        Sql.Fragment where = historyWhere(query);
        List<Object> params = new ArrayList<>(where.params());
        params.add(limit);
        params.add(offset);
        return query("SELECT " + COLUMNS + " FROM resource_history r WHERE " + where.text()
                + " ORDER BY r.last_updated DESC, r.res_id DESC, r.version_id DESC LIMIT ? OFFSET ?", params);
    }

    private static Sql.Fragment historyWhere(HistoryQuery query) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("r.res_type = ? AND r.last_updated <= ?");
        params.add(query.resourceType());
        params.add(query.notAfter());
        if (query.id() != null) {
            sql.append(" AND r.res_id = ?");
            params.add(query.id());
        }
        if (query.since() != null) {
            sql.append(" AND r.last_updated >= ?");
            params.add(query.since());
        }
        return new Sql.Fragment(sql.toString(), params);
    }

    private List<Resource> query(String sql, List<?> params) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            Sql.bind(statement, params);
            List<Resource> resources = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    resources.add(json.decode(rows.getString("res_type"), rows.getString("res_id"),
                            rows.getLong("version_id"), rows.getString("json_text")));
                }
            }
            return resources;
        } catch (SQLException e) {
            throw new ResourceStoreException("MB-0501: reading resources from the record store failed; check that the database is reachable", e);
        }
    }

    private int count(String sql, List<?> params) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            Sql.bind(statement, params);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return (int) Math.min(Integer.MAX_VALUE, rows.getLong(1));
            }
        } catch (SQLException e) {
            throw new ResourceStoreException("MB-0501: reading resources from the record store failed; check that the database is reachable", e);
        }
    }

    private static Stored currentForUpdate(Connection connection, String type, String id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT version_id, last_updated, json_text FROM resource WHERE res_type = ? AND res_id = ? FOR UPDATE")) {
            statement.setString(1, type);
            statement.setString(2, id);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                return new Stored(rows.getLong("version_id"), Sql.instant(rows, "last_updated"), rows.getString("json_text"));
            }
        }
    }

    private static void execute(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Sql.bind(statement, List.of(params));
            statement.executeUpdate();
        }
    }

    private record Stored(long versionId, Instant lastUpdated, String json) {
    }
}
