package org.medbroker.engine.fhir.interceptors;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps request values out of error messages, which HAPI both logs and returns. HAPI's parse errors
 * quote the offending value (a name typed into a date parameter, say); such messages are replaced by
 * one that keeps the HAPI code and status. Unexpected failures become a 500 whose log line names
 * the exception types and code locations but not their messages. Messages starting with
 * {@code MB-} are this server's own and pass unchanged.
 */
@Interceptor
public final class ErrorMessageInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMessageInterceptor.class);
    private static final Pattern HAPI_CODE = Pattern.compile("HAPI-\\d{4}");
    private static final int MIN_VALUE_LENGTH = 2;
    private static final int STACK_FRAMES = 8;

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException sanitize(RequestDetails request, Throwable failure) {
        if (failure instanceof BaseServerResponseException && isOwn(failure.getMessage())) {
            return null;
        }
        int status = failure instanceof BaseServerResponseException
                ? ((BaseServerResponseException) failure).getStatusCode()
                : causedByBadFormat(failure) ? 400 : 500;
        if (status >= 500) {
            LOG.error("MB-0546: a FHIR request failed unexpectedly: {}", describe(failure));
            return new InternalErrorException("MB-0546: the request failed inside the server; the server log has details");
        }
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        if (!causedByBadFormat(failure) && !echoesTheRequest(message, request)) {
            return null;
        }
        Matcher code = HAPI_CODE.matcher(message);
        String reference = code.find() ? " (" + code.group() + ")" : "";
        String text = "MB-0545: the request was refused" + reference
                + "; a parameter value has the wrong format or is not allowed here, check it against /fhir/metadata";
        return status == 400 ? new InvalidRequestException(text) : BaseServerResponseException.newInstance(status, text);
    }

    private static boolean isOwn(String message) {
        return message != null && message.startsWith("MB-");
    }

    private static boolean causedByBadFormat(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataFormatException) {
                return true;
            }
        }
        return false;
    }

    /** True when the message quotes a parameter value or the id, with or without a two-letter search prefix. */
    private static boolean echoesTheRequest(String message, RequestDetails request) {
        for (String value : requestValues(request)) {
            if (message.contains(value) || (value.length() > MIN_VALUE_LENGTH + 1 && message.contains(value.substring(2)))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> requestValues(RequestDetails request) {
        List<String> values = new ArrayList<>();
        Map<String, String[]> parameters = request.getParameters();
        if (parameters != null) {
            for (String[] given : parameters.values()) {
                for (String value : given) {
                    for (String piece : value.split("[,|]")) {
                        if (piece.strip().length() >= MIN_VALUE_LENGTH) {
                            values.add(piece.strip());
                        }
                    }
                }
            }
        }
        if (request.getId() != null && request.getId().getIdPart() != null) {
            values.add(request.getId().getIdPart());
        }
        return values;
    }

    /** Exception types and the first frames of each, without messages (they may quote patient data). */
    private static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (text.length() > 0) {
                text.append(" <- caused by ");
            }
            text.append(cause.getClass().getName());
            StackTraceElement[] frames = cause.getStackTrace();
            for (int i = 0; i < Math.min(STACK_FRAMES, frames.length); i++) {
                text.append("\n    at ").append(frames[i]);
            }
        }
        return text.toString();
    }
}
