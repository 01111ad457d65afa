package org.medbroker.connectors.dicom.service;

import java.nio.file.FileSystemException;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * What a log line may say of a failure. A storage path can hold a Patient ID or an accession number
 * (the layout is configurable) and a database error can quote the values it refused, so file names and
 * database messages never reach the log: a file system error is told by its reason, a database error
 * by its SQLState and code, anything else by its message with absolute paths cut out.
 */
public final class PhiFreeFailure {

    private static final Pattern ABSOLUTE_PATH = Pattern.compile("(?<![\\w.])/[^\\s,;:()'\"]+");
    private static final int CAUSES = 3;

    private PhiFreeFailure() {
    }

    public static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        Throwable e = failure;
        for (int depth = 0; e != null && depth <= CAUSES; depth++, e = e.getCause()) {
            if (depth > 0) {
                text.append(", caused by ");
            }
            text.append(e.getClass().getSimpleName());
            String detail = detail(e);
            if (detail != null && !detail.isBlank()) {
                text.append(": ").append(detail);
            }
        }
        return text.toString();
    }

    private static String detail(Throwable e) {
        if (e instanceof FileSystemException fileSystem) {
            return fileSystem.getReason();
        }
        if (e instanceof SQLException sql) {
            return "SQLState " + sql.getSQLState() + ", code " + sql.getErrorCode();
        }
        String message = e.getMessage();
        return message == null ? null : ABSOLUTE_PATH.matcher(message).replaceAll("<path>");
    }
}
