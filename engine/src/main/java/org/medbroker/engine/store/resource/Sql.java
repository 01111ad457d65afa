package org.medbroker.engine.store.resource;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Binding and reading the few value types the resource tables hold, the same way on H2 and PostgreSQL. */
final class Sql {

    private Sql() {
    }

    /** SQL text with its parameters in order. */
    record Fragment(String text, List<Object> params) {
        Fragment {
            params = List.copyOf(params);
        }
    }

    static void bind(PreparedStatement statement, List<?> params) throws SQLException {
        int index = 1;
        for (Object param : params) {
            bind(statement, index++, param);
        }
    }

    static void bind(PreparedStatement statement, int index, Object param) throws SQLException {
        if (param instanceof Instant) {
            statement.setObject(index, timestamp((Instant) param));
        } else if (param instanceof Long) {
            statement.setLong(index, (Long) param);
        } else if (param instanceof Integer) {
            statement.setInt(index, (Integer) param);
        } else {
            statement.setString(index, (String) param);
        }
    }

    static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet resultSet, String column) throws SQLException {
        return resultSet.getObject(column, OffsetDateTime.class).toInstant();
    }
}
