package org.medbroker.engine.fhir.interceptors;

/** The scopes an access token can carry. */
public final class Scopes {

    /** Read and search FHIR resources; this is patient data. */
    public static final String FHIR_READ = "fhir:read";
    /** Everything. */
    public static final String ADMIN = "admin";

    private Scopes() {
    }
}
