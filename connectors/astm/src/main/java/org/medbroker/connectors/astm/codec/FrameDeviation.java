package org.medbroker.connectors.astm.codec;

/** Ways a frame departed from E1381 that the decoder tolerated; reported so they can be counted. */
public enum FrameDeviation {
    /** More text than clause 6.3.1.4 allows (247), within the decoder's lenient maximum. */
    TEXT_OVER_STANDARD_LENGTH,
    /** The checksum was sent as lower-case hexadecimal digits. */
    LOWER_CASE_CHECKSUM,
    /** LF inside the text, a restricted character by clause 6.6.2. */
    LINE_FEED_IN_TEXT
}
