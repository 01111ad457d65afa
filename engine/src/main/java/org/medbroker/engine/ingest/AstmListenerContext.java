package org.medbroker.engine.ingest;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import org.medbroker.engine.config.AstmListenerSettings;
import org.medbroker.engine.config.BrokerConfig;
import org.medbroker.mappings.astm.AnalyzerCodeMap;
import org.medbroker.mappings.astm.AstmMappingOptions;
import org.medbroker.mappings.astm.AstmToFhirMapper;

/** What the ASTM ingest path needs to know about the listener a message came in on. */
public record AstmListenerContext(String name, Charset charset, AnalyzerCodeMap codeMap, AstmToFhirMapper mapper,
        AstmMappingOptions options) {

    public static AstmListenerContext of(BrokerConfig.Listener listener, ZoneId zone) {
        AstmListenerSettings astm = listener.astm().orElseThrow();
        AstmMappingOptions options = new AstmMappingOptions(zone, astm.patientIdSystems(), astm.specimenIdComponent());
        return new AstmListenerContext(listener.name(), listener.defaultCharset(), astm.codeMap(), new AstmToFhirMapper(options),
                options);
    }

    /** For journal entries of a listener no longer configured: nothing mapped to LOINC, every result flagged. */
    public static AstmListenerContext unknown(String name, ZoneId zone) {
        AstmMappingOptions options = AstmMappingOptions.defaults(zone);
        return new AstmListenerContext(name, StandardCharsets.ISO_8859_1, AnalyzerCodeMap.empty("unknown"),
                new AstmToFhirMapper(options), options);
    }
}
