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
 * <p>The current version of a resource lives only in {@code resource}; {@code resource_history}
 * holds the versions it superseded, so writing a new resource touches one table, not two.
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
        return upsertAll(connection, List.of(resource), now).get(0);
    }

    /**
     * {@link #upsert} for many resources at once, in list order (the same id twice makes two
     * versions), with one batched statement per table: the store applier writes a whole batch of
     * messages this way.
     */
    public List<WriteOutcome> upsertAll(Connection connection, List<Resource> resources, Instant now) throws SQLException {
        Instant lastUpdated = now.truncatedTo(ChronoUnit.MILLIS);
        Map<String, Stored> current = currentForUpdate(connection, resources);
        Map<String, Stored> written = new LinkedHashMap<>();
        Map<String, IndexWriter.Item> index = new LinkedHashMap<>();
        List<Object[]> history = new ArrayList<>();
        List<WriteOutcome> outcomes = new ArrayList<>(resources.size());
        for (Resource resource : resources) {
            String type = resource.fhirType();
            String id = resource.getIdElement().getIdPart();
            if (id == null || !ID.matcher(id).matches()) {
                throw new IllegalArgumentException(
                        "MB-0500: a " + type + " has no id or an id that is not 1-64 of [A-Za-z0-9-.]; set Resource.id before storing");
            }
            String key = type + "/" + id;
            Stored before = written.containsKey(key) ? written.get(key) : current.get(key);
            if (before != null) {
                // Stamped as the stored version, identical content encodes to the stored text:
                // one encode instead of decoding and re-encoding both sides.
                ResourceJson.stamp(resource, before.versionId, before.lastUpdated);
                if (json.encode(resource).equals(before.json)) {
                    outcomes.add(new WriteOutcome(type, id, before.versionId, false));
                    continue;
                }
            }
            long versionId = before == null ? 1 : before.versionId + 1;
            ResourceJson.stamp(resource, versionId, lastUpdated);
            String text = json.encode(resource);
            written.put(key, new Stored(versionId, lastUpdated, text));
            if (before != null) {
                history.add(new Object[] {before.versionId, before.lastUpdated, before.json, type, id});
            }
            index.put(key, new IndexWriter.Item(type, id, indexer.index(resource), current.containsKey(key)));
            outcomes.add(new WriteOutcome(type, id, versionId, true));
        }
        try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO resource (version_id, last_updated, json_text, res_type, res_id) VALUES (?, ?, ?, ?, ?)");
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE resource SET version_id = ?, last_updated = ?, json_text = ? WHERE res_type = ? AND res_id = ?");
                PreparedStatement versions = connection.prepareStatement(
                        "INSERT INTO resource_history (version_id, last_updated, json_text, res_type, res_id) VALUES (?, ?, ?, ?, ?)")) {
            for (Map.Entry<String, Stored> entry : written.entrySet()) {
                String key = entry.getKey();
                int slash = key.indexOf('/');
                Stored stored = entry.getValue();
                PreparedStatement statement = current.containsKey(key) ? update : insert;
                Sql.bind(statement, List.of(stored.versionId, stored.lastUpdated, stored.json, key.substring(0, slash),
                        key.substring(slash + 1)));
                statement.addBatch();
            }
            for (Object[] row : history) {
                Sql.bind(versions, List.of(row));
                versions.addBatch();
            }
            insert.executeBatch();
            update.executeBatch();
            versions.executeBatch();
        }
        indexWriter.replace(connection, new ArrayList<>(index.values()));
        return outcomes;
    }

    /** The current version. */
    public Optional<Resource> read(String type, String id) {
        List<Resource> found = query("SELECT " + COLUMNS + " FROM resource r WHERE r.res_type = ? AND r.res_id = ?",
                List.of(type, id));
        return found.stream().findFirst();
    }

    /** The current version, read inside the caller's transaction. */
    public Optional<Resource> read(Connection connection, String type, String id) throws SQLException {
        return rows(connection, "SELECT " + COLUMNS + " FROM resource r WHERE r.res_type = ? AND r.res_id = ?",
                List.of(type, id)).stream().findFirst();
    }

    /** One version, current or older. */
    public Optional<Resource> vread(String type, String id, long versionId) {
        String where = " WHERE r.res_type = ? AND r.res_id = ? AND r.version_id = ?";
        List<Resource> found = query("SELECT " + COLUMNS + " FROM resource r" + where
                + " UNION ALL SELECT " + COLUMNS + " FROM resource_history r" + where,
                List.of(type, id, versionId, type, id, versionId));
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
        String sql = "SELECT " + COLUMNS + " FROM resource_index x JOIN resource r"
                + " ON r.res_type = x.value_system AND r.res_id = x.value_text"
                + " WHERE x.res_type = ? AND x.param = ? AND x.res_id IN " + in
                + " ORDER BY r.res_type, r.res_id";
        Map<String, Resource> unique = new LinkedHashMap<>();
        for (Resource resource : query(sql, params)) {
            unique.putIfAbsent(resource.getIdElement().toUnqualifiedVersionless().getValue(), resource);
        }
        return List.copyOf(unique.values());
    }

    /** How many versions a history query covers: the current ones and the superseded ones. */
    public int historyCount(HistoryQuery query) {
        Sql.Fragment where = historyWhere(query);
        List<Object> params = new ArrayList<>(where.params());
        params.addAll(where.params());
        return count("SELECT (SELECT COUNT(*) FROM resource r WHERE " + where.text()
                + ") + (SELECT COUNT(*) FROM resource_history r WHERE " + where.text() + ")", params);
    }

    /** One page of versions, newest first: the current ones from resource, the superseded ones from resource_history. */
    public List<Resource> history(HistoryQuery query, int offset, int limit) {
        Sql.Fragment where = historyWhere(query);
        List<Object> params = new ArrayList<>(where.params());
        params.addAll(where.params());
        params.add(limit);
        params.add(offset);
        return query("SELECT " + COLUMNS + " FROM (SELECT " + COLUMNS + " FROM resource r WHERE " + where.text()
                + " UNION ALL SELECT " + COLUMNS + " FROM resource_history r WHERE " + where.text() + ") r"
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
        try (Connection connection = dataSource.getConnection()) {
            return rows(connection, sql, params);
        } catch (SQLException e) {
            throw new ResourceStoreException("MB-0501: reading resources from the record store failed; check that the database is reachable", e);
        }
    }

    private List<Resource> rows(Connection connection, String sql, List<?> params) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Sql.bind(statement, params);
            List<Resource> resources = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    resources.add(json.decode(rows.getString("res_type"), rows.getString("res_id"),
                            rows.getLong("version_id"), rows.getString("json_text")));
                }
            }
            return resources;
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

    /**
     * The current rows of the resources' ids, locked for this transaction, by "type/id". A row-value
     * IN list: both H2 and PostgreSQL answer it from the primary key (a plain {@code res_id IN}
     * makes H2 scan every resource of the type).
     */
    private static Map<String, Stored> currentForUpdate(Connection connection, List<Resource> resources) throws SQLException {
        List<String[]> keys = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Resource resource : resources) {
            String id = resource.getIdElement().getIdPart();
            if (id != null && seen.add(resource.fhirType() + "/" + id)) {
                keys.add(new String[] {resource.fhirType(), id});
            }
        }
        Map<String, Stored> found = new LinkedHashMap<>();
        for (int from = 0; from < keys.size(); from += 500) {
            List<String[]> chunk = keys.subList(from, Math.min(keys.size(), from + 500));
            StringJoiner rows = new StringJoiner(", ", "(", ")");
            chunk.forEach(k -> rows.add("(?, ?)"));
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT res_type, res_id, version_id, last_updated, json_text FROM resource WHERE (res_type, res_id) IN "
                            + rows + " FOR UPDATE")) {
                int index = 1;
                for (String[] key : chunk) {
                    statement.setString(index++, key[0]);
                    statement.setString(index++, key[1]);
                }
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        found.put(result.getString("res_type") + "/" + result.getString("res_id"), new Stored(
                                result.getLong("version_id"), Sql.instant(result, "last_updated"), result.getString("json_text")));
                    }
                }
            }
        }
        return found;
    }

    private record Stored(long versionId, Instant lastUpdated, String json) {
    }
}
