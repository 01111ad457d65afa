package org.medbroker.engine.imaging;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.medbroker.connectors.dicom.service.PhiFreeFailure;
import org.medbroker.engine.store.ImagingIndex;
import org.medbroker.engine.store.RecordStore;
import org.medbroker.engine.store.resource.ResourceStore;
import org.medbroker.mappings.dicom.ImagingStudyMapping;
import org.medbroker.mappings.hl7v2.MappingOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a study's ImagingStudy once its objects stop arriving for a quiet period, so a CT of 300
 * slices becomes one new version rather than 300. The index marks studies stale in the same
 * transaction that indexes an object, so a crash before publishing is caught up at the next start.
 */
public final class StudyPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StudyPublisher.class);
    private static final int BATCH = 64;

    private final RecordStore store;
    private final ImagingIndex index;
    private final ResourceStore resources;
    private final MappingOptions options;
    private final Duration quiet;
    private final ImagingMetrics metrics;
    private final StudyAvailableSink events;
    private final Thread thread;
    private volatile boolean running = true;

    public StudyPublisher(RecordStore store, ImagingIndex index, ResourceStore resources, MappingOptions options,
            Duration quiet, ImagingMetrics metrics, StudyAvailableSink events) {
        this.store = store;
        this.index = index;
        this.resources = resources;
        this.options = options;
        this.quiet = quiet;
        this.metrics = metrics;
        this.events = events;
        this.thread = new Thread(this::run, "study-publisher");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        long pollMillis = Math.max(50, Math.min(500, quiet.toMillis() / 2));
        while (running) {
            try {
                int published = publishStale(Instant.now().minus(quiet));
                if (published == 0) {
                    TimeUnit.MILLISECONDS.sleep(pollMillis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                log.warn("MB-0669: publishing ImagingStudy resources failed ({}); retrying", PhiFreeFailure.describe(e));
                try {
                    TimeUnit.SECONDS.sleep(1);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** One pass of the publishing thread: publishes the studies quiet since {@code quietSince}; returns how many. */
    public int publishStale(Instant quietSince) throws SQLException {
        int published = 0;
        try (Connection connection = store.dataSource().getConnection()) {
            List<String> stale = index.staleStudies(connection, quietSince, BATCH);
            for (String studyUid : stale) {
                connection.setAutoCommit(false);
                try {
                    Optional<ImagingIndex.IndexedStudy> study = index.study(connection, studyUid);
                    if (study.isEmpty()) {
                        connection.rollback();
                        continue;
                    }
                    ImagingStudy resource = ImagingStudyMapping.map(study.get().study(), study.get().patientRef(), options);
                    ResourceStore.WriteOutcome written = resources.upsert(connection, resource, Instant.now());
                    index.markPublished(connection, studyUid, study.get().updatedAt());
                    StudyAvailable event = new StudyAvailable(studyUid, resource.getIdPart(), written.versionId(),
                            study.get().patientRef(), resource.getNumberOfSeries(), resource.getNumberOfInstances());
                    if (written.changed()) {
                        events.published(connection, event, study.get());
                    }
                    connection.commit();
                    metrics.published();
                    published++;
                    if (written.changed()) {
                        log.info("study available: ImagingStudy/{} version {} ({} series, {} instances)",
                                event.imagingStudyId(), event.version(), event.series(), event.instances());
                    }
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
            }
        }
        return published;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
    }
}
