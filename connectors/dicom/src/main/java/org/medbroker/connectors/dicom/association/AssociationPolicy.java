package org.medbroker.connectors.dicom.association;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.medbroker.connectors.dicom.io.Part10;
import org.medbroker.connectors.dicom.pdu.AsyncOperationsWindow;
import org.medbroker.connectors.dicom.pdu.PduDecoder;
import org.medbroker.connectors.dicom.pdu.RoleSelection;
import org.medbroker.connectors.tcp.PeerFilter;

/**
 * What an association may be: whom we answer to, whom we accept, what we negotiate, and the limits.
 * Immutable; built with {@link #builder()}.
 *
 * @param calledAeTitles the AE titles we answer to
 * @param callingAeTitles allowed calling AE titles with the hosts each may connect from; empty: any
 * @param transferSyntaxes the supported abstract syntaxes, each with the transfer syntaxes we accept
 * @param maxPduLength the Maximum Length we announce and the largest P-DATA-TF we accept (never 0: a
 *     limit is always announced)
 * @param maxSendPduLength the largest P-DATA-TF we send, whatever the peer announces (0 announced = no limit)
 * @param maxAssociatePduLength the largest A-ASSOCIATE PDU we accept
 * @param maxCommandLength the largest command set we reassemble
 * @param roleSelections per SOP class, the roles we agree to when the requestor proposes them
 * @param asyncOperationsWindow the window we agree to at most, or null to negotiate none (1 and 1)
 * @param userIdentityCheck null when any requestor may associate without identity
 * @param artimTimeout the ARTIM timer: waiting for an A-ASSOCIATE-RQ, or for the peer to close
 */
public record AssociationPolicy(Set<String> calledAeTitles, Map<String, PeerFilter> callingAeTitles,
        Map<String, List<String>> transferSyntaxes, long maxPduLength, long maxSendPduLength,
        long maxAssociatePduLength, int maxCommandLength, Map<String, RoleSelection> roleSelections,
        AsyncOperationsWindow asyncOperationsWindow, UserIdentityCheck userIdentityCheck, Duration artimTimeout,
        String implementationClassUid, String implementationVersionName) {

    /** medbroker's implementation class UID and version name, the same as in the files it writes. */
    public static final String IMPLEMENTATION_CLASS_UID = Part10.IMPLEMENTATION_CLASS_UID;
    public static final String IMPLEMENTATION_VERSION_NAME = Part10.IMPLEMENTATION_VERSION_NAME;

    public AssociationPolicy {
        calledAeTitles = Set.copyOf(calledAeTitles);
        callingAeTitles = Map.copyOf(callingAeTitles);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        transferSyntaxes.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        transferSyntaxes = java.util.Collections.unmodifiableMap(copy);
        roleSelections = Map.copyOf(roleSelections);
        if (maxPduLength < 1024 || maxPduLength > PduDecoder.MAX_LIMIT || maxSendPduLength < 1024
                || maxSendPduLength > PduDecoder.MAX_LIMIT || maxAssociatePduLength < 1024
                || maxAssociatePduLength > PduDecoder.MAX_LIMIT || maxCommandLength < 1) {
            throw new IllegalArgumentException("MB-0601: DICOM PDU limits out of range: maxPduLength " + maxPduLength
                    + ", maxSendPduLength " + maxSendPduLength + ", maxCommandLength " + maxCommandLength);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The transfer syntax to accept for the proposed ones, in the proposer's order; null if none is supported. */
    String chooseTransferSyntax(String abstractSyntax, List<String> proposed) {
        List<String> supported = transferSyntaxes.get(abstractSyntax);
        for (String ts : proposed) {
            if (supported.contains(ts)) {
                return ts;
            }
        }
        return null;
    }

    public static final class Builder {
        private final Set<String> calledAeTitles = new LinkedHashSet<>();
        private final Map<String, PeerFilter> callingAeTitles = new LinkedHashMap<>();
        private final Map<String, List<String>> transferSyntaxes = new LinkedHashMap<>();
        private long maxPduLength = 16384;
        private long maxSendPduLength = 65536;
        private long maxAssociatePduLength = 262144;
        private int maxCommandLength = 65536;
        private final Map<String, RoleSelection> roleSelections = new LinkedHashMap<>();
        private AsyncOperationsWindow asyncOperationsWindow;
        private UserIdentityCheck userIdentityCheck;
        private Duration artimTimeout = Duration.ofSeconds(30);
        private String implementationClassUid = IMPLEMENTATION_CLASS_UID;
        private String implementationVersionName = IMPLEMENTATION_VERSION_NAME;

        public Builder calledAeTitle(String... aeTitles) {
            calledAeTitles.addAll(List.of(aeTitles));
            return this;
        }

        /** Allows {@code aeTitle} to call from the hosts of {@code hosts} (comma separated addresses or CIDR blocks; empty: any). */
        public Builder callingAeTitle(String aeTitle, String hosts) {
            callingAeTitles.put(aeTitle, new PeerFilter(hosts));
            return this;
        }

        public Builder abstractSyntax(String abstractSyntax, List<String> acceptedTransferSyntaxes) {
            transferSyntaxes.put(abstractSyntax, acceptedTransferSyntaxes);
            return this;
        }

        public Builder abstractSyntaxes(Collection<String> abstractSyntaxes, List<String> acceptedTransferSyntaxes) {
            abstractSyntaxes.forEach(a -> transferSyntaxes.put(a, acceptedTransferSyntaxes));
            return this;
        }

        public Builder maxPduLength(long value) {
            maxPduLength = value;
            return this;
        }

        public Builder maxSendPduLength(long value) {
            maxSendPduLength = value;
            return this;
        }

        public Builder maxAssociatePduLength(long value) {
            maxAssociatePduLength = value;
            return this;
        }

        public Builder maxCommandLength(int value) {
            maxCommandLength = value;
            return this;
        }

        public Builder roleSelection(String sopClassUid, boolean scuRole, boolean scpRole) {
            roleSelections.put(sopClassUid, new RoleSelection(sopClassUid, scuRole, scpRole));
            return this;
        }

        public Builder asyncOperationsWindow(int maxInvoked, int maxPerformed) {
            asyncOperationsWindow = new AsyncOperationsWindow(maxInvoked, maxPerformed);
            return this;
        }

        public Builder userIdentityCheck(UserIdentityCheck check) {
            userIdentityCheck = check;
            return this;
        }

        public Builder artimTimeout(Duration value) {
            artimTimeout = value;
            return this;
        }

        public Builder implementation(String classUid, String versionName) {
            implementationClassUid = classUid;
            implementationVersionName = versionName;
            return this;
        }

        public AssociationPolicy build() {
            return new AssociationPolicy(calledAeTitles, callingAeTitles, transferSyntaxes, maxPduLength,
                    maxSendPduLength, maxAssociatePduLength, maxCommandLength, roleSelections, asyncOperationsWindow,
                    userIdentityCheck, artimTimeout, implementationClassUid, implementationVersionName);
        }
    }
}
