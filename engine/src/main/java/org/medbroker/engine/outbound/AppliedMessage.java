package org.medbroker.engine.outbound;

import java.nio.charset.Charset;

/** A journal entry as the store applier has just stored it: what the outbound queue needs to route it. */
public record AppliedMessage(long seq, String listener, String status, Charset charset, byte[] raw) {}
