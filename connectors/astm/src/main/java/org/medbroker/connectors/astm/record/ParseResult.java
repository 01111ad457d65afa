package org.medbroker.connectors.astm.record;

/** The outcome of {@link E1394Parser#parse}: a message or a typed error; the parser never throws on input. */
public sealed interface ParseResult {

    record Parsed(AstmMessage message) implements ParseResult {
    }

    record Failed(ParseError error) implements ParseResult {
    }
}
