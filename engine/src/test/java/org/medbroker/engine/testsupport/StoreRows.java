package org.medbroker.engine.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.medbroker.engine.Broker;

/** What a running broker's record store holds, read with plain SQL for assertions. */
public final class StoreRows {

    private StoreRows() {}

    /** The first column of every row {@code sql} selects, as text. */
    public static List<String> column(Broker broker, String sql) {
        List<String> values = new ArrayList<>();
        try (Connection connection = broker.store().dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(sql);
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot read the record store: " + sql, e);
        }
        return values;
    }
}
