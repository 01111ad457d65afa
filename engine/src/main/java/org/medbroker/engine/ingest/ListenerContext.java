package org.medbroker.engine.ingest;

import java.nio.charset.Charset;

/** What the ingest path needs to know about the listener a message came in on. */
public record ListenerContext(String name, Charset defaultCharset) {}
