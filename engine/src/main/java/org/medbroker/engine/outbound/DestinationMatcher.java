package org.medbroker.engine.outbound;

import java.util.Set;
import org.medbroker.engine.config.BrokerConfig.DestinationFilter;

/** Whether a destination takes a message: its listener is routed to it and the filter matches. */
record DestinationMatcher(String destination, Set<String> routedListeners, DestinationFilter filter) {

    boolean accepts(String listener, Hl7Fields fields) {
        if (!routedListeners.contains(listener)) {
            return false;
        }
        if (!filter.listeners().isEmpty() && !filter.listeners().contains(listener)) {
            return false;
        }
        if (!filter.messageTypes().isEmpty() && !filter.messageTypes().contains(fields.messageType())
                && !filter.messageTypes().contains(fields.messageType().split("\\^")[0])) {
            return false;
        }
        if (!filter.patientClasses().isEmpty() && !filter.patientClasses().contains(fields.patientClass())) {
            return false;
        }
        return filter.testCodes().isEmpty() || fields.testCodes().stream().anyMatch(filter.testCodes()::contains);
    }
}
