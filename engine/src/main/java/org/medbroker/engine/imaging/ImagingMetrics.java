package org.medbroker.engine.imaging;

import org.medbroker.engine.ops.Metrics;

/** Per-listener DICOM counters: objects stored, refused, duplicates, demographics conflicts, studies published. */
public final class ImagingMetrics {

    private final Metrics.Counter stored;
    private final Metrics.Counter storedBytes;
    private final Metrics.Counter failed;
    private final Metrics.Counter duplicates;
    private final Metrics.Counter conflicts;
    private final Metrics.Counter published;

    public ImagingMetrics(Metrics metrics) {
        stored = metrics.counter("medbroker_dicom_instances_stored_total", "DICOM objects stored and indexed", "listener");
        storedBytes = metrics.counter("medbroker_dicom_stored_bytes_total", "Bytes of DICOM objects stored", "listener");
        failed = metrics.counter("medbroker_dicom_instances_failed_total", "DICOM objects refused with a failure status",
                "listener");
        duplicates = metrics.counter("medbroker_dicom_instances_duplicate_total",
                "DICOM objects whose SOP Instance UID was already stored", "listener");
        conflicts = metrics.counter("medbroker_dicom_demographics_conflicts_total",
                "Objects whose patient demographics disagree with the clinic's record", "listener");
        published = metrics.counter("medbroker_imaging_studies_published_total", "ImagingStudy resources written");
    }

    void stored(String listener, long bytes) {
        stored.inc(listener);
        storedBytes.add(bytes, listener);
    }

    void failed(String listener) {
        failed.inc(listener);
    }

    void duplicate(String listener) {
        duplicates.inc(listener);
    }

    void conflict(String listener) {
        conflicts.inc(listener);
    }

    void published() {
        published.inc();
    }
}
