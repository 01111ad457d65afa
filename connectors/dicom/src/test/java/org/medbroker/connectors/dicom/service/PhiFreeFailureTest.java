package org.medbroker.connectors.dicom.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.sql.SQLIntegrityConstraintViolationException;
import org.junit.jupiter.api.Test;

class PhiFreeFailureTest {

    private static final String PATH = "/srv/dicom/MRN-4711/1.2.3/1.2.3.4.dcm";

    @Test
    void tellsAFileSystemErrorByItsReasonWithoutTheFileNames() {
        String text = PhiFreeFailure.describe(new FileSystemException("/srv/dicom/.incoming/x.part", PATH, "Not a directory"));
        assertThat(text).isEqualTo("FileSystemException: Not a directory").doesNotContain("MRN-4711");
        assertThat(PhiFreeFailure.describe(new AccessDeniedException(PATH))).isEqualTo("AccessDeniedException");
    }

    @Test
    void tellsADatabaseErrorByItsStateAndCodeNotByTheValuesItQuotes() {
        var refused = new SQLIntegrityConstraintViolationException(
                "Unique index or primary key violation: PATIENT(ID) VALUES ('MRN-4711')", "23505", 23505);
        String text = PhiFreeFailure.describe(new IOException("MB-0666: record store unavailable", refused));
        assertThat(text).isEqualTo("IOException: MB-0666: record store unavailable,"
                + " caused by SQLIntegrityConstraintViolationException: SQLState 23505, code 23505");
    }

    @Test
    void cutsAbsolutePathsOutOfOtherMessages() {
        assertThat(PhiFreeFailure.describe(new FileNotFoundException(PATH + " (No such file or directory)")))
                .isEqualTo("FileNotFoundException: <path> (No such file or directory)");
        assertThat(PhiFreeFailure.describe(new IOException("No space left on device")))
                .isEqualTo("IOException: No space left on device");
        assertThat(PhiFreeFailure.describe(new IllegalStateException("ratio 1/2 of a.b/c"))).isEqualTo(
                "IllegalStateException: ratio 1/2 of a.b/c");
    }

    @Test
    void stopsAfterThreeCauses() {
        Throwable e = new IOException("0");
        for (int i = 1; i <= 6; i++) {
            e = new IOException(Integer.toString(i), e);
        }
        assertThat(PhiFreeFailure.describe(e)).isEqualTo(
                "IOException: 6, caused by IOException: 5, caused by IOException: 4, caused by IOException: 3");
    }
}
