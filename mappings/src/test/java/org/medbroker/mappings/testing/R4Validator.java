package org.medbroker.mappings.testing;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import java.util.stream.Collectors;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The HAPI FHIR instance validator against the R4 base specification, built once per JVM on first use (that takes
 * several seconds) and shared; validation itself is thread-safe.
 *
 * <p>Only ERROR and FATAL messages fail {@link #assertValid}: code systems the validator does not hold (LOINC,
 * SNOMED CT, local systems) give warnings, as do best-practice rules such as "should have narrative".
 *
 * <p>Other modules use it through {@code medbroker-mappings:test-jar} (scope test; they also need
 * {@code hapi-fhir-validation} and {@code hapi-fhir-validation-resources-r4} as test dependencies).
 */
public final class R4Validator {
  private final FhirValidator validator;

  private R4Validator() {
    FhirContext context = FhirContext.forR4Cached();
    ValidationSupportChain chain = new ValidationSupportChain(
        new DefaultProfileValidationSupport(context),
        new CommonCodeSystemsTerminologyService(context),
        new InMemoryTerminologyServerValidationSupport(context),
        new SnapshotGeneratingValidationSupport(context));
    validator = context.newValidator();
    validator.registerValidatorModule(new FhirInstanceValidator(chain));
  }

  /** The shared validator. */
  public static R4Validator shared() {
    return Holder.INSTANCE;
  }

  /** All validator messages (information, warnings, errors) for a resource. */
  public static List<SingleValidationMessage> validate(IBaseResource resource) {
    return shared().validator.validateWithResult(resource).getMessages();
  }

  /** The ERROR and FATAL messages for a resource, each as "severity location: message". */
  public static List<String> errors(IBaseResource resource) {
    return validate(resource).stream()
        .filter(message -> message.getSeverity() == ResultSeverityEnum.ERROR
            || message.getSeverity() == ResultSeverityEnum.FATAL)
        .map(R4Validator::describe)
        .collect(Collectors.toList());
  }

  /**
   * Fails with every ERROR and FATAL message when the resource does not validate.
   *
   * @throws AssertionError listing each error with its location
   */
  public static void assertValid(IBaseResource resource) {
    List<String> errors = errors(resource);
    if (!errors.isEmpty()) {
      String id = resource.getIdElement() == null ? "" : resource.getIdElement().getIdPart();
      throw new AssertionError(resource.fhirType() + "/" + id + " is not valid FHIR R4:\n  "
          + String.join("\n  ", errors));
    }
  }

  static String describe(SingleValidationMessage message) {
    return message.getSeverity() + " " + message.getLocationString() + ": " + message.getMessage();
  }

  private static final class Holder {
    static final R4Validator INSTANCE = new R4Validator();
  }
}
