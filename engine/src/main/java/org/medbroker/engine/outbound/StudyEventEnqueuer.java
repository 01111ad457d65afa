package org.medbroker.engine.outbound;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.medbroker.engine.imaging.StudyAvailable;
import org.medbroker.engine.imaging.StudyAvailableSink;
import org.medbroker.engine.store.ImagingIndex;
import org.medbroker.mappings.dicom.DicomPatient;
import org.medbroker.mappings.dicom.DicomSeries;
import org.medbroker.mappings.dicom.DicomStudy;

/**
 * Queues a published study version, in the publishing transaction, for every destination a route
 * from one of the study's DICOM listeners leads to and whose filter takes it ({@code listeners},
 * {@code modalities}): one {@code study_event} row, then one queue row per destination, keyed by the
 * event id. Nothing is written when no destination takes the study.
 */
public final class StudyEventEnqueuer implements StudyAvailableSink {

    /** Queues nothing: no destination takes study events. */
    public static final StudyEventEnqueuer NONE = new StudyEventEnqueuer(List.of(), new OutboundQueue());

    private final List<DestinationMatcher> destinations;
    private final OutboundQueue queue;

    StudyEventEnqueuer(List<DestinationMatcher> destinations, OutboundQueue queue) {
        this.destinations = List.copyOf(destinations);
        this.queue = queue;
    }

    @Override
    public void published(Connection connection, StudyAvailable event, ImagingIndex.IndexedStudy indexed) throws SQLException {
        if (destinations.isEmpty()) {
            return;
        }
        DicomStudy study = indexed.study();
        List<String> listeners = listeners(connection, event.studyInstanceUid());
        List<String> modalities = study.series().stream().map(DicomSeries::modality)
                .filter(m -> m != null && !m.isBlank()).distinct().toList();
        List<String> taking = new ArrayList<>();
        for (DestinationMatcher destination : destinations) {
            if (takes(destination, listeners, modalities)) {
                taking.add(destination.destination());
            }
        }
        if (taking.isEmpty()) {
            return;
        }
        DicomPatient patient = study.patient();
        Instant now = Instant.now();
        long id = StudyEvents.insert(connection, new StudyEvent(0, event.studyInstanceUid(), event.imagingStudyId(),
                Long.toString(event.version()), listeners, modalities, event.patientId(), patient.patientId(),
                patient.issuer(), patient.name(), patient.birthDate(), patient.sex(), study.accessionNumber(),
                study.studyDate(), study.studyTime(), study.description(), event.series(), event.instances(), now));
        List<OutboundQueue.Entry> entries = new ArrayList<>();
        for (String destination : taking) {
            entries.add(new OutboundQueue.Entry(destination, id, "Patient/" + event.patientId(),
                    ControlIds.studyEvent(id - StudyEvent.ID_BASE, destination)));
        }
        queue.insertAll(connection, entries, now);
    }

    /** The destinations this enqueuer feeds. */
    public List<String> destinations() {
        return destinations.stream().map(DestinationMatcher::destination).toList();
    }

    static boolean takes(DestinationMatcher destination, List<String> listeners, List<String> modalities) {
        Set<String> filterListeners = destination.filter().listeners();
        Set<String> filterModalities = destination.filter().modalities();
        return listeners.stream().anyMatch(l -> destination.routedListeners().contains(l)
                        && (filterListeners.isEmpty() || filterListeners.contains(l)))
                && (filterModalities.isEmpty() || modalities.stream().anyMatch(filterModalities::contains));
    }

    private static List<String> listeners(Connection connection, String studyUid) throws SQLException {
        Set<String> listeners = new LinkedHashSet<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT DISTINCT listener FROM dicom_instance WHERE study_uid = ? ORDER BY listener")) {
            select.setString(1, studyUid);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    listeners.add(rs.getString(1));
                }
            }
        }
        return List.copyOf(listeners);
    }
}
