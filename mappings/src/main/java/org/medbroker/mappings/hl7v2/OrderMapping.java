package org.medbroker.mappings.hl7v2;

import ca.uhn.hl7v2.model.Type;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestPriority;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus;

/** ORC and OBR to ServiceRequest (v2-to-FHIR IG: ORC[ServiceRequest], OBR[ServiceRequest]). */
final class OrderMapping {
  private OrderMapping() {
  }

  /**
   * The ServiceRequest of an order.
   *
   * @param resultMessage true for ORU, where the order status may come from OBR-25 and NTE segments comment the
   *                      results rather than the request
   */
  static ServiceRequest serviceRequest(MappingContext ctx, Order order, List<Reference> specimens,
      boolean resultMessage) throws MappingException {
    ServiceRequest request = new ServiceRequest();
    request.setId(order.serviceRequestId);
    addIdentifiers(ctx, request, order, 2, "PLAC");
    addIdentifiers(ctx, request, order, 3, "FILL");
    if (order.orc != null && order.orc.first(4) != null) {
      Identifier group = DataTypes.identifier(ctx.options, order.orc.first(4), null);
      if (group != null) {
        request.setRequisition(group);
      }
    }
    request.setStatus(status(order, resultMessage));
    request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
    ServiceRequestPriority priority = priority(order);
    if (priority != null) {
      request.setPriority(priority);
    }
    if (order.obr != null) {
      CodeableConcept code = DataTypes.codeableConcept(order.obr.first(4));
      if (code != null) {
        request.setCode(code);
      }
    }
    request.setSubject(order.patientReference());
    DateTimeType authored = order.orc == null ? null : ctx.dateTime(order.orc, 9);
    if (authored == null && order.obr != null) {
      authored = ctx.dateTime(order.obr, 6);
    }
    if (authored != null) {
      request.setAuthoredOnElement(authored);
    }
    Reference requester = order.orc == null ? null
        : DataTypes.person(ctx.options, order.orc.first(12), "Practitioner");
    if (requester == null && order.obr != null) {
      requester = DataTypes.person(ctx.options, order.obr.first(16), "Practitioner");
    }
    if (requester != null) {
      request.setRequester(requester);
    }
    specimens.forEach(specimen -> request.addSpecimen(specimen.copy()));
    if (!resultMessage) {
      for (SegmentRef nte : order.notes) {
        String text = ResultMapping.noteText(nte);
        if (text != null) {
          request.addNote().setText(text);
        }
      }
    }
    return request;
  }

  private static void addIdentifiers(MappingContext ctx, ServiceRequest request, Order order, int field,
      String type) {
    for (SegmentRef segment : new SegmentRef[] {order.obr, order.orc}) {
      if (segment == null) {
        continue;
      }
      Type ei = segment.first(field);
      Identifier identifier = ei == null ? null : DataTypes.identifier(ctx.options, ei, type);
      if (identifier != null && request.getIdentifier().stream().noneMatch(existing ->
          Objects.equals(existing.getSystem(), identifier.getSystem())
              && Objects.equals(existing.getValue(), identifier.getValue()))) {
        request.addIdentifier(identifier);
      }
    }
  }

  /**
   * ORC-5 (table 0038); else, in results, the report status OBR-25; else the order control ORC-1 (table 0119).
   */
  static ServiceRequestStatus status(Order order, boolean resultMessage) throws MappingException {
    String orderStatus = order.orc == null ? null : order.orc.text(5);
    if (orderStatus != null) {
      return switch (orderStatus.toUpperCase(Locale.ROOT)) {
        case "A", "IP", "SC" -> ServiceRequestStatus.ACTIVE;
        case "CM" -> ServiceRequestStatus.COMPLETED;
        case "CA", "DC", "RP" -> ServiceRequestStatus.REVOKED;
        case "HD" -> ServiceRequestStatus.ONHOLD;
        case "ER" -> ServiceRequestStatus.ENTEREDINERROR;
        default -> throw order.orc.error(5, MappingException.TABLE_VALUE_NOT_FOUND,
            "MB-0105: ORC-5 (order status) is not a code of HL7 table 0038; send A, CA, CM, DC, ER, HD, IP, RP"
                + " or SC");
      };
    }
    String reportStatus = resultMessage && order.obr != null ? order.obr.text(25) : null;
    if (reportStatus != null) {
      return switch (reportStatus.toUpperCase(Locale.ROOT)) {
        case "F", "C" -> ServiceRequestStatus.COMPLETED;
        case "X" -> ServiceRequestStatus.REVOKED;
        default -> ServiceRequestStatus.ACTIVE;
      };
    }
    String control = order.orc == null ? null : order.orc.text(1);
    if (control == null) {
      return ServiceRequestStatus.UNKNOWN;
    }
    return switch (control.toUpperCase(Locale.ROOT)) {
      case "NW", "OK", "SC", "XO", "XX", "XR", "RL", "OR", "CH", "PA", "RO", "RE", "SN", "NA", "OE" ->
          ServiceRequestStatus.ACTIVE;
      case "CA", "OC", "CR", "DC", "OD", "DR", "RP", "RQ", "RU" -> ServiceRequestStatus.REVOKED;
      case "HD", "OH", "HR" -> ServiceRequestStatus.ONHOLD;
      default -> ServiceRequestStatus.UNKNOWN;
    };
  }

  /** TQ1-9, else OBR-27.6, else ORC-7.6, else OBR-5 (table 0027): S stat, A asap, R routine. */
  private static ServiceRequestPriority priority(Order order) {
    String code = order.tq1 == null ? null : order.tq1.text(9);
    if (code == null && order.obr != null) {
      code = order.obr.text(27, 6);
    }
    if (code == null && order.orc != null) {
      code = order.orc.text(7, 6);
    }
    if (code == null && order.obr != null) {
      code = order.obr.text(5);
    }
    if (code == null) {
      return null;
    }
    return switch (code.toUpperCase(Locale.ROOT)) {
      case "S" -> ServiceRequestPriority.STAT;
      case "A" -> ServiceRequestPriority.ASAP;
      case "R" -> ServiceRequestPriority.ROUTINE;
      default -> null;
    };
  }
}
