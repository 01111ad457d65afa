package org.medbroker.engine.store.resource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Turns a {@link SearchQuery} into the WHERE clause over {@code resource r}: one EXISTS over
 * {@code resource_index} per index criterion, values of one criterion OR'ed inside it. Tokens and
 * references keep code or target id in {@code value_text}, system or target type in
 * {@code value_system}; strings their normalised value in {@code value_text}; dates their range.
 *
 * <p>A stored date is the range {@code [low, high)}, the searched value the range {@code [sl, sh)}:
 * eq is {@code low >= sl and high <= sh}, gt {@code high > sh}, ge {@code high > sl}, lt
 * {@code low < sl}, le {@code low < sh}, sa {@code low >= sh}, eb {@code high <= sl}, ne not eq.
 * {@code _lastUpdated} treats the stored millisecond {@code t} as {@code [t, t + 1 ms)}.
 */
final class SearchSql {

    private final List<Object> params = new ArrayList<>();
    private final StringBuilder sql = new StringBuilder();

    private SearchSql() {
    }

    static Sql.Fragment where(SearchQuery query) {
        SearchSql builder = new SearchSql();
        builder.sql.append("r.res_type = ?");
        builder.params.add(query.resourceType());
        for (Criterion criterion : query.criteria()) {
            builder.sql.append(" AND ");
            builder.append(criterion);
        }
        return new Sql.Fragment(builder.sql.toString(), builder.params);
    }

    private void append(Criterion criterion) {
        if (criterion instanceof Criterion.Token) {
            token((Criterion.Token) criterion);
        } else if (criterion instanceof Criterion.Reference) {
            reference((Criterion.Reference) criterion);
        } else if (criterion instanceof Criterion.Date) {
            date((Criterion.Date) criterion);
        } else if (criterion instanceof Criterion.Text) {
            text((Criterion.Text) criterion);
        } else if (criterion instanceof Criterion.Id) {
            id((Criterion.Id) criterion);
        } else {
            lastUpdated((Criterion.LastUpdated) criterion);
        }
    }

    private void token(Criterion.Token token) {
        openExists("t", token.param());
        StringJoiner any = new StringJoiner(" OR ", "(", ")");
        for (Criterion.TokenMatch match : token.anyOf()) {
            if (match.system() != null && match.code() != null) {
                any.add("(t.value_text = ? AND t.value_system = ?)");
                params.add(match.code());
                params.add(match.system());
            } else if (match.code() != null) {
                any.add("t.value_text = ?");
                params.add(match.code());
            } else {
                any.add("t.value_system = ?");
                params.add(match.system());
            }
        }
        closeExists(any);
    }

    private void reference(Criterion.Reference reference) {
        openExists("x", reference.param());
        StringJoiner any = new StringJoiner(" OR ", "(", ")");
        for (Criterion.ReferenceMatch match : reference.anyOf()) {
            if (match.targetType() != null) {
                any.add("(x.value_text = ? AND x.value_system = ?)");
                params.add(match.targetId());
                params.add(match.targetType());
            } else {
                any.add("x.value_text = ?");
                params.add(match.targetId());
            }
        }
        closeExists(any);
    }

    private void date(Criterion.Date date) {
        openExists("d", date.param());
        sql.append("d.value_text IS NULL AND ");
        StringJoiner any = new StringJoiner(" OR ", "(", ")");
        for (Criterion.DateMatch match : date.anyOf()) {
            any.add(compare(match, "d.range_low >= ?", "d.range_low < ?", "d.range_high > ?", "d.range_high <= ?"));
        }
        closeExists(any);
    }

    private void text(Criterion.Text text) {
        openExists("s", text.param());
        StringJoiner any = new StringJoiner(" OR ", "(", ")");
        for (String prefix : text.anyOfPrefixes()) {
            any.add("s.value_text LIKE ? ESCAPE '\\'");
            params.add(escapeLike(SearchText.normalize(prefix)) + "%");
        }
        closeExists(any);
    }

    private void id(Criterion.Id id) {
        StringJoiner in = new StringJoiner(", ", "r.res_id IN (", ")");
        for (String value : id.anyOf()) {
            in.add("?");
            params.add(value);
        }
        sql.append(in);
    }

    private void lastUpdated(Criterion.LastUpdated lastUpdated) {
        StringJoiner any = new StringJoiner(" OR ", "(", ")");
        for (Criterion.DateMatch match : lastUpdated.anyOf()) {
            any.add(compare(match, "r.last_updated >= ?", "r.last_updated < ?", "r.last_updated >= ?", "r.last_updated < ?"));
        }
        sql.append(any);
    }

    /**
     * One comparison, from the four primitive tests on the stored range: low at or after, low
     * before, high after, high at or before a bound.
     */
    private String compare(Criterion.DateMatch match, String lowGe, String lowLt, String highGt, String highLe) {
        Instant sl = match.range().low();
        Instant sh = match.range().high();
        switch (match.comparator()) {
            case EQ:
                params.add(sl);
                params.add(sh);
                return "(" + lowGe + " AND " + highLe + ")";
            case NE:
                params.add(sl);
                params.add(sh);
                return "NOT (" + lowGe + " AND " + highLe + ")";
            case GT:
                params.add(sh);
                return highGt;
            case GE:
                params.add(sl);
                return highGt;
            case LT:
                params.add(sl);
                return lowLt;
            case LE:
                params.add(sh);
                return lowLt;
            case SA:
                params.add(sh);
                return lowGe;
            default:
                params.add(sl);
                return highLe;
        }
    }

    private void openExists(String alias, String param) {
        sql.append("EXISTS (SELECT 1 FROM resource_index ").append(alias)
                .append(" WHERE ").append(alias).append(".res_type = r.res_type AND ")
                .append(alias).append(".res_id = r.res_id AND ").append(alias).append(".param = ? AND ");
        params.add(param);
    }

    private void closeExists(StringJoiner any) {
        sql.append(any).append(')');
    }

    private static String escapeLike(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
