package org.medbroker.engine.ingest;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.medbroker.connectors.hl7.message.AckCode;
import org.medbroker.connectors.hl7.message.AckError;
import org.medbroker.connectors.hl7.message.MshHeader;
import org.medbroker.mappings.hl7v2.Hl7Charsets;
import org.medbroker.mappings.hl7v2.Hl7v2ParseException;
import org.medbroker.mappings.hl7v2.Hl7v2Parser;
import org.medbroker.mappings.hl7v2.Hl7v2ToFhirMapper;
import org.medbroker.mappings.hl7v2.MappingException;
import org.medbroker.mappings.hl7v2.MappingResult;
import org.medbroker.mappings.hl7v2.UnsupportedMessageTypeException;

/**
 * Decides a message's fate: AR when it is not HL7 v2, not a supported version or type, or cannot be
 * parsed; AE when it fails validation or mapping; AA with the mapped FHIR resources otherwise.
 * {@link #check} is the cheap part that runs before the ACK (MSH and {@link Hl7QuickCheck}),
 * {@link #prepare} adds the full parse and mapping. Pure CPU work, safe on any thread.
 */
public final class Hl7Preparer {

    static final Set<String> VERSIONS = Set.of("2.3", "2.3.1", "2.4", "2.5", "2.5.1");

    private final Hl7v2ToFhirMapper mapper;

    public Hl7Preparer(Hl7v2ToFhirMapper mapper) {
        this.mapper = mapper;
    }

    /** MSH and field rules only, without the full parse: what the ACK says in journaled mode. */
    public Prepared check(byte[] raw, Charset listenerDefault) {
        Optional<String> declared = MshHeader.characterSet(raw);
        if (declared.isEmpty()) {
            return reject(Optional.empty(), listenerDefault, AckError.general("100",
                    "MB-0301: not an HL7 v2 message: it must start with an MSH segment"));
        }
        Charset charset = Hl7Charsets.forMsh18(declared.get(), listenerDefault);
        Optional<MshHeader> header = MshHeader.read(raw, charset);
        MshHeader msh = header.orElseThrow();
        if (!VERSIONS.contains(msh.versionId())) {
            return reject(header, charset, new AckError("MSH", 1, 12, "203",
                    "MB-0302: HL7 version '" + msh.versionId() + "' is not supported; send 2.3 to 2.5.1"));
        }
        if (!Hl7v2ToFhirMapper.supports(msh.messageCode(), msh.triggerEvent())) {
            return reject(header, charset, new AckError("MSH", 1, 9, "200",
                    "MB-0303: message type " + msh.messageType()
                            + " is not supported; send ORU^R01, ORM^O01, OML^O21 or ADT^A01/A04/A08/A40"));
        }
        if (msh.controlId().isBlank()) {
            return new Prepared(header, charset, AckCode.AE, Optional.of(new AckError("MSH", 1, 10, "101",
                    "MB-0304: MSH-10 message control id is empty; every message needs a unique one")), Optional.empty());
        }
        Optional<AckError> problem = Hl7QuickCheck.check(normaliseSegmentSeparators(new String(raw, charset)), msh);
        return new Prepared(header, charset, problem.isPresent() ? AckCode.AE : AckCode.AA, problem, Optional.empty());
    }

    /** Everything: the check, then the full parse and mapping. */
    public Prepared prepare(byte[] raw, Charset listenerDefault) {
        Prepared checked = check(raw, listenerDefault);
        if (checked.ackCode() != AckCode.AA) {
            return checked;
        }
        Optional<MshHeader> header = checked.header();
        Charset charset = checked.charset();
        String text = normaliseSegmentSeparators(new String(raw, charset));
        try {
            MappingResult mapping = mapper.map(Hl7v2Parser.shared().parse(text));
            return new Prepared(header, charset, AckCode.AA, Optional.empty(), Optional.of(mapping));
        } catch (Hl7v2ParseException e) {
            return reject(header, charset, AckError.general("102",
                    "MB-0305: the message cannot be parsed as HL7 v2: " + firstLine(e.getMessage())));
        } catch (UnsupportedMessageTypeException e) {
            return reject(header, charset, new AckError("MSH", 1, 9, "200", e.getMessage()));
        } catch (MappingException e) {
            return new Prepared(header, charset, AckCode.AE,
                    Optional.of(new AckError(e.segment(), e.sequence(), e.field(), e.hl7ErrorCode(), e.getMessage())),
                    Optional.empty());
        } catch (RuntimeException e) {
            return new Prepared(header, charset, AckCode.AE, Optional.of(AckError.general("207",
                    "MB-0306: the message could not be mapped (" + e.getClass().getSimpleName() + "); it is kept for review")),
                    Optional.empty());
        }
    }

    private static Prepared reject(Optional<MshHeader> header, Charset charset, AckError error) {
        return new Prepared(header, charset == null ? StandardCharsets.ISO_8859_1 : charset, AckCode.AR, Optional.of(error),
                Optional.empty());
    }

    /** Senders that write segments with LF or CR LF are common; HL7 wants CR. */
    static String normaliseSegmentSeparators(String text) {
        return text.replace("\r\n", "\r").replace('\n', '\r');
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "parse error";
        }
        String line = message.lines().findFirst().orElse("");
        return line.length() > 160 ? line.substring(0, 160) : line;
    }
}
