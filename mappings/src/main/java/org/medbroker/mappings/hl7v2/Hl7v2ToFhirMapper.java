package org.medbroker.mappings.hl7v2;

import ca.uhn.hl7v2.model.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Specimen;

/**
 * Maps parsed HL7 v2 messages to FHIR R4 resources, following the HL7 v2-to-FHIR Implementation Guide.
 *
 * <ul>
 *   <li>ORU^R01: per PID a Patient; per OBR a ServiceRequest, its Specimens (SPM, else OBR-15), an Observation
 *       per OBX (a DocumentReference for ED values) and a DiagnosticReport.</li>
 *   <li>ORM^O01, OML^O21: Patient, a ServiceRequest per ORC/OBR, Specimens for SPM. OBX in orders (supporting
 *       observations) are not mapped; ORC/OBR of OML prior-result groups map like orders (segment order cannot
 *       tell them from a following order).</li>
 *   <li>ADT^A01, A04, A08, A28, A31: Patient. ADT^A40: the surviving Patient (PID) and the merged one (MRG),
 *       inactive and replaced by the survivor, plus {@link MappingResult#merge()}.</li>
 * </ul>
 *
 * <p>Resource ids are deterministic (see {@link StableIds}); the segments are only read, never modified. Stateless
 * and thread-safe.
 */
public final class Hl7v2ToFhirMapper {
  private static final Set<String> SUPPORTED = Set.of("ORU^R01", "ORM^O01", "OML^O21", "ADT^A01", "ADT^A04",
      "ADT^A08", "ADT^A28", "ADT^A31", "ADT^A40");

  private final MappingOptions options;

  public Hl7v2ToFhirMapper(MappingOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** True when {@link #map} handles messages of this MSH-9.1 message code and MSH-9.2 trigger event. */
  public static boolean supports(String messageCode, String triggerEvent) {
    return messageCode != null && triggerEvent != null
        && SUPPORTED.contains(messageCode.trim().toUpperCase(Locale.ROOT) + "^"
        + triggerEvent.trim().toUpperCase(Locale.ROOT));
  }

  /**
   * Maps one message.
   *
   * @throws UnsupportedMessageTypeException for a message type {@link #supports} rejects (engine: AR)
   * @throws MappingException                for content that cannot be mapped (engine: AE with ERR from it)
   */
  public MappingResult map(Message message) throws MappingException {
    List<SegmentRef> segments = SegmentRef.inOrder(message);
    if (segments.isEmpty() || !segments.get(0).name().equals("MSH")) {
      throw new MappingException("MSH", 1, 0, MappingException.SEGMENT_SEQUENCE_ERROR,
          "MB-0101: the message has no MSH segment; send a message starting with MSH");
    }
    SegmentRef msh = segments.get(0);
    String code = upper(msh.text(9, 1));
    String event = upper(msh.text(9, 2));
    String messageType = (code == null ? "" : code) + "^" + (event == null ? "" : event);
    if (!supports(code, event)) {
      throw new UnsupportedMessageTypeException(messageType);
    }
    MappingContext ctx = new MappingContext(options, messageType, segments);
    try {
      return switch (messageType) {
        case "ORU^R01" -> mapResults(ctx);
        case "ORM^O01", "OML^O21" -> mapOrders(ctx);
        case "ADT^A40" -> mapMerge(ctx);
        default -> mapPatient(ctx);
      };
    } catch (MappingException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new MappingException("MSH", 1, 0, MappingException.APPLICATION_INTERNAL_ERROR,
          "MB-0199: internal error while mapping " + messageType + " (" + e.getClass().getSimpleName()
              + "); report it to the medbroker maintainers");
    }
  }

  private static MappingResult mapResults(MappingContext ctx) throws MappingException {
    Patient patient = null;
    Order current = null;
    SegmentRef pendingOrc = null;
    SegmentRef pendingTq1 = null;
    OrderSink sink = new OrderSink(ctx, true);
    for (SegmentRef segment : ctx.segments) {
      switch (segment.name()) {
        case "PID" -> {
          sink.finish(current);
          current = null;
          pendingOrc = null;
          pendingTq1 = null;
          patient = PatientMapping.fromPid(ctx, segment);
          ctx.emit(patient);
        }
        case "ORC" -> {
          sink.finish(current);
          current = null;
          pendingOrc = segment;
          pendingTq1 = null;
        }
        case "TQ1" -> {
          if (current != null && current.tq1 == null) {
            current.tq1 = segment;
          } else if (current == null && pendingTq1 == null) {
            pendingTq1 = segment;
          }
        }
        case "OBR" -> {
          sink.finish(current);
          if (patient == null) {
            throw missingSegment("PID", ctx.messageType + " has no PID segment before its OBR; results need"
                + " the patient they belong to");
          }
          current = new Order(pendingOrc, segment, patient);
          current.tq1 = pendingTq1;
          pendingOrc = null;
          pendingTq1 = null;
        }
        case "OBX" -> {
          if (current == null) {
            throw segment.error(0, MappingException.SEGMENT_SEQUENCE_ERROR,
                "MB-0107: OBX comes before any OBR; send each OBX after the OBR of its order");
          }
          current.addResult(segment);
        }
        case "SPM" -> {
          if (current == null) {
            throw segment.error(0, MappingException.SEGMENT_SEQUENCE_ERROR,
                "MB-0107: SPM comes before any OBR; send each SPM after the OBR of its order");
          }
          current.specimens.add(segment);
        }
        case "NTE" -> {
          if (current != null) {
            if (current.results.isEmpty()) {
              current.notes.add(segment);
            } else {
              current.results.get(current.results.size() - 1).notes().add(segment);
            }
          }
        }
        default -> {
          // not mapped
        }
      }
    }
    sink.finish(current);
    if (sink.count == 0) {
      throw missingSegment("OBR", "ORU^R01 has no OBR segment; send the OBR of each order before its OBX");
    }
    return new MappingResult(ctx.messageType, ctx.resources(), Optional.empty());
  }

  private static MappingResult mapOrders(MappingContext ctx) throws MappingException {
    Patient patient = null;
    Order current = null;
    boolean afterObx = false;
    OrderSink sink = new OrderSink(ctx, false);
    for (SegmentRef segment : ctx.segments) {
      switch (segment.name()) {
        case "PID" -> {
          sink.finish(current);
          current = null;
          patient = PatientMapping.fromPid(ctx, segment);
          ctx.emit(patient);
        }
        case "ORC" -> {
          sink.finish(current);
          current = new Order(segment, null, requirePatient(ctx, patient));
          afterObx = false;
        }
        case "OBR" -> {
          if (current == null || current.obr != null) {
            sink.finish(current);
            current = new Order(null, segment, requirePatient(ctx, patient));
          } else {
            current.obr = segment;
          }
          afterObx = false;
        }
        case "TQ1" -> {
          if (current != null && current.tq1 == null) {
            current.tq1 = segment;
          }
        }
        case "SPM" -> {
          if (current == null) {
            throw segment.error(0, MappingException.SEGMENT_SEQUENCE_ERROR,
                "MB-0107: SPM comes before any ORC or OBR; send each SPM within its order");
          }
          current.specimens.add(segment);
          afterObx = true;
        }
        case "OBX" -> afterObx = true;
        case "NTE" -> {
          if (current != null && current.obr != null && !afterObx) {
            current.notes.add(segment);
          }
        }
        default -> {
          // not mapped
        }
      }
    }
    sink.finish(current);
    if (sink.count == 0) {
      throw missingSegment("ORC", ctx.messageType + " has no ORC or OBR segment; send one ORC per order");
    }
    return new MappingResult(ctx.messageType, ctx.resources(), Optional.empty());
  }

  private static MappingResult mapPatient(MappingContext ctx) throws MappingException {
    SegmentRef pid = firstSegment(ctx, "PID");
    if (pid == null) {
      throw missingSegment("PID", ctx.messageType + " has no PID segment; send the patient's PID");
    }
    ctx.emit(PatientMapping.fromPid(ctx, pid));
    return new MappingResult(ctx.messageType, ctx.resources(), Optional.empty());
  }

  private static MappingResult mapMerge(MappingContext ctx) throws MappingException {
    SegmentRef pid = null;
    SegmentRef mrg = null;
    for (SegmentRef segment : ctx.segments) {
      if (segment.name().equals("PID") && pid == null) {
        pid = segment;
      } else if (segment.name().equals("MRG")) {
        if (mrg != null) {
          throw segment.error(0, MappingException.APPLICATION_INTERNAL_ERROR,
              "MB-0109: ADT^A40 with more than one PID/MRG pair is not supported; send one merge per message");
        }
        mrg = segment;
      }
    }
    if (pid == null) {
      throw missingSegment("PID", "ADT^A40 has no PID segment; send the surviving patient's PID");
    }
    if (mrg == null) {
      throw missingSegment("MRG", "ADT^A40 has no MRG segment; send the merged patient's MRG after the PID");
    }
    Patient survivor = PatientMapping.fromPid(ctx, pid);
    Patient merged = PatientMapping.mergedFromMrg(ctx, mrg, survivor);
    ctx.emit(survivor);
    ctx.emit(merged);
    return new MappingResult(ctx.messageType, ctx.resources(),
        Optional.of(new PatientMerge(survivor.getIdPart(), merged.getIdPart())));
  }

  /** Maps each finished order and emits its resources in order. */
  private static final class OrderSink {
    private final MappingContext ctx;
    private final boolean results;
    private final Map<String, Integer> keys = new HashMap<>();
    int count;

    OrderSink(MappingContext ctx, boolean results) {
      this.ctx = ctx;
      this.results = results;
    }

    void finish(Order order) throws MappingException {
      if (order == null) {
        return;
      }
      count++;
      order.identify(ctx, count, keys);
      List<Specimen> specimens = new ArrayList<>();
      for (int i = 0; i < order.specimens.size(); i++) {
        specimens.add(SpecimenMapping.fromSpm(ctx, order, order.specimens.get(i), i));
      }
      if (specimens.isEmpty() && results) {
        Specimen fromObr = SpecimenMapping.fromObr(ctx, order);
        if (fromObr != null) {
          specimens.add(fromObr);
        }
      }
      List<Reference> specimenReferences = new ArrayList<>();
      for (Specimen specimen : specimens) {
        Reference reference = new Reference("Specimen/" + specimen.getIdPart());
        if (specimenReferences.stream().noneMatch(r -> r.getReference().equals(reference.getReference()))) {
          specimenReferences.add(reference);
        }
      }
      ctx.emit(OrderMapping.serviceRequest(ctx, order, specimenReferences, results));
      specimens.forEach(ctx::emit);
      if (!results) {
        return;
      }
      List<Reference> observations = new ArrayList<>();
      Map<String, Integer> resultKeys = new HashMap<>();
      for (Order.Result result : order.results) {
        String key = ResultMapping.resultKeyOf(order, result.obx());
        int occurrence = resultKeys.merge(key, 1, Integer::sum);
        if (occurrence > 1) {
          key = key + "#" + occurrence;
        }
        if (ObservationValues.valueType(result.obx()).equals("ED")) {
          ctx.emit(ResultMapping.document(ctx, order, result, StableIds.of("DocumentReference", key)));
          continue;
        }
        // an OBX after an SPM is about that specimen; others about the order's first specimen
        Specimen about = result.specimenIndex() >= 0 ? specimens.get(result.specimenIndex())
            : specimens.isEmpty() ? null : specimens.get(0);
        Reference specimen = about == null ? null : new Reference("Specimen/" + about.getIdPart());
        String id = StableIds.of("Observation", key);
        ctx.emit(ResultMapping.observation(ctx, order, result, id, specimen));
        observations.add(new Reference("Observation/" + id));
      }
      ctx.emit(ResultMapping.report(ctx, order, observations, specimenReferences));
    }
  }

  private static Patient requirePatient(MappingContext ctx, Patient patient) throws MappingException {
    if (patient == null) {
      throw missingSegment("PID", ctx.messageType + " has no PID segment before its order; a ServiceRequest"
          + " needs the patient it is for");
    }
    return patient;
  }

  private static SegmentRef firstSegment(MappingContext ctx, String name) {
    for (SegmentRef segment : ctx.segments) {
      if (segment.name().equals(name)) {
        return segment;
      }
    }
    return null;
  }

  private static MappingException missingSegment(String segment, String text) {
    return new MappingException(segment, 1, 0, MappingException.REQUIRED_FIELD_MISSING, "MB-0101: " + text);
  }

  private static String upper(String value) {
    return value == null ? null : value.toUpperCase(Locale.ROOT);
  }
}
