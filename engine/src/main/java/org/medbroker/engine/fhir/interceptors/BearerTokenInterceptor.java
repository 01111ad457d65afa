package org.medbroker.engine.fhir.interceptors;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.HookParams;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.interceptor.ExceptionHandlingInterceptor;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;

/**
 * Every FHIR request but {@code metadata} needs {@code Authorization: Bearer TOKEN} with the scope
 * {@link Scopes#FHIR_READ}: none or an unknown token is 401 with {@code WWW-Authenticate: Bearer},
 * a known token without the scope 403, both as OperationOutcome. Runs before HAPI picks a handler,
 * so an unauthenticated caller learns nothing about what exists.
 */
@Interceptor
public final class BearerTokenInterceptor {

    /** Where the accepted token is kept in {@link RequestDetails#getUserData()}. */
    public static final String TOKEN_KEY = AccessToken.class.getName();

    private static final String CHALLENGE = "Bearer realm=\"medbroker\"";
    private static final String BEARER = "bearer ";

    private final TokenAuthority tokens;
    private final ExceptionHandlingInterceptor responder = new ExceptionHandlingInterceptor();

    public BearerTokenInterceptor(TokenAuthority tokens) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    /**
     * Lets the request go on (true) or answers it with 401 or 403 (false). A refusal goes through
     * HAPI's exception pointcut, so the audit interceptor records it, and is written by HAPI's
     * exception handler, without the stack trace HAPI logs for exceptions thrown from hooks.
     */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLER_SELECTED)
    public boolean authenticate(RequestDetails request, HttpServletRequest servletRequest, HttpServletResponse servletResponse)
            throws ServletException, IOException {
        Optional<BaseServerResponseException> refusal = refusalOf(request);
        if (refusal.isEmpty()) {
            return true;
        }
        HookParams params = new HookParams()
                .add(RequestDetails.class, request)
                .addIfMatchesType(ServletRequestDetails.class, request)
                .add(HttpServletRequest.class, servletRequest)
                .add(HttpServletResponse.class, servletResponse)
                .add(BaseServerResponseException.class, refusal.get());
        if (request.getInterceptorBroadcaster().callHooks(Pointcut.SERVER_HANDLE_EXCEPTION, params)) {
            responder.handleException(request, refusal.get(), servletRequest, servletResponse);
        }
        return false;
    }

    private Optional<BaseServerResponseException> refusalOf(RequestDetails request) {
        if (isCapabilityRequest(request)) {
            return Optional.empty();
        }
        String header = request.getHeader("Authorization");
        if (header == null || header.isBlank()) {
            return Optional.of(unauthorized("MB-0530: this request needs an access token; send Authorization: Bearer <token>", CHALLENGE));
        }
        Optional<AccessToken> token = bearerValue(header).flatMap(tokens::authenticate);
        if (token.isEmpty()) {
            return Optional.of(unauthorized("MB-0531: the access token is not known; check the token in Authorization: Bearer <token>",
                    CHALLENGE + ", error=\"invalid_token\""));
        }
        request.getUserData().put(TOKEN_KEY, token.get());
        if (!token.get().allows(Scopes.FHIR_READ)) {
            return Optional.of(new ForbiddenOperationException("MB-0532: the access token '" + token.get().name()
                    + "' lacks the scope " + Scopes.FHIR_READ + "; ask for a token that has it"));
        }
        return Optional.empty();
    }

    /** Tells clients in the CapabilityStatement how to authenticate. */
    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void describeSecurity(IBaseConformance capabilityStatement) {
        if (capabilityStatement instanceof CapabilityStatement) {
            for (CapabilityStatement.CapabilityStatementRestComponent rest : ((CapabilityStatement) capabilityStatement).getRest()) {
                rest.getSecurity().setDescription("Every request except metadata needs Authorization: Bearer <token>"
                        + " with the scope " + Scopes.FHIR_READ + " (or " + Scopes.ADMIN + ").");
            }
        }
    }

    /** The access token a request was accepted with, if any. */
    public static Optional<AccessToken> tokenOf(RequestDetails request) {
        return Optional.ofNullable((AccessToken) request.getUserData().get(TOKEN_KEY));
    }

    private static boolean isCapabilityRequest(RequestDetails request) {
        return "metadata".equals(request.getRequestPath());
    }

    private static Optional<String> bearerValue(String header) {
        String trimmed = header.strip();
        if (trimmed.length() <= BEARER.length() || !trimmed.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return Optional.empty();
        }
        return Optional.of(trimmed.substring(BEARER.length()).strip());
    }

    private static AuthenticationException unauthorized(String message, String challenge) {
        AuthenticationException exception = new AuthenticationException(message);
        exception.addResponseHeader("WWW-Authenticate", challenge);
        return exception;
    }
}
