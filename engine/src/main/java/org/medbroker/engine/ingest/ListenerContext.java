package org.medbroker.engine.ingest;

import java.nio.charset.Charset;
import org.medbroker.engine.config.BrokerConfig.AckMode;

/** What the ingest path needs to know about the listener a message came in on. */
public record ListenerContext(String name, Charset defaultCharset, AckMode ackMode) {}
