package org.medbroker.connectors.astm.record;

import java.util.List;
import java.util.stream.Stream;
import org.medbroker.connectors.astm.record.AstmRecord.Comment;
import org.medbroker.connectors.astm.record.AstmRecord.Header;
import org.medbroker.connectors.astm.record.AstmRecord.Manufacturer;
import org.medbroker.connectors.astm.record.AstmRecord.Order;
import org.medbroker.connectors.astm.record.AstmRecord.Patient;
import org.medbroker.connectors.astm.record.AstmRecord.Query;
import org.medbroker.connectors.astm.record.AstmRecord.Result;
import org.medbroker.connectors.astm.record.AstmRecord.Scientific;
import org.medbroker.connectors.astm.record.AstmRecord.Terminator;

/**
 * An E1394 message as the hierarchy of LIS2-A2 clause 5.1: header → patients → orders → results, with
 * each comment under the record it follows. Queries, manufacturer (M) and scientific (S) records are
 * kept at message level in the order received.
 */
public record AstmMessage(Header header, List<Comment> comments, List<PatientGroup> patients, List<Query> queries,
                          List<Manufacturer> manufacturerRecords, List<Scientific> scientificRecords,
                          Terminator terminator) {

    public AstmMessage {
        comments = List.copyOf(comments);
        patients = List.copyOf(patients);
        queries = List.copyOf(queries);
        manufacturerRecords = List.copyOf(manufacturerRecords);
        scientificRecords = List.copyOf(scientificRecords);
    }

    public record PatientGroup(Patient patient, List<Comment> comments, List<OrderGroup> orders) {
        public PatientGroup {
            comments = List.copyOf(comments);
            orders = List.copyOf(orders);
        }
    }

    public record OrderGroup(Order order, List<Comment> comments, List<ResultGroup> results) {
        public OrderGroup {
            comments = List.copyOf(comments);
            results = List.copyOf(results);
        }
    }

    public record ResultGroup(Result result, List<Comment> comments) {
        public ResultGroup {
            comments = List.copyOf(comments);
        }
    }

    /** Every result of every order of every patient, in message order. */
    public List<Result> results() {
        return patients.stream().flatMap(p -> p.orders().stream())
                .flatMap(o -> o.results().stream()).map(ResultGroup::result).toList();
    }

    /** The first result whose {@link org.medbroker.connectors.astm.record.UniversalTestId#code()} is {@code code}. */
    public Result result(String code) {
        return results().stream().filter(r -> r.test().code().equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no result with that test code"));
    }

    public Stream<Order> orders() {
        return patients.stream().flatMap(p -> p.orders().stream()).map(OrderGroup::order);
    }
}
