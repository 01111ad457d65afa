package org.medbroker.connectors.astm.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medbroker.connectors.astm.link.LinkTestSupport.ascii;
import static org.medbroker.connectors.astm.link.LinkTestSupport.frame;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medbroker.connectors.astm.codec.E1381;
import org.slf4j.LoggerFactory;

/** The link logs events and counts, never record text: not even at DEBUG, not even on errors. */
class E1381LinkLoggingTest {

    private static final String PATIENT = "P|1||PID-4711||DOE^JANE||19870626|F\r";

    private final Logger logger = (Logger) LoggerFactory.getLogger(E1381LinkHandler.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Level level;

    @BeforeEach
    void attach() {
        level = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(appender);
        logger.setLevel(level);
    }

    @Test
    void logsNoPatientDataOnAnyPath() throws IOException {
        LinkTestSupport link = new LinkTestSupport(E1381LinkOptions.DEFAULTS);
        link.in(E1381.ENQ);
        for (byte[] f : E1381ReceiverTest.framesOf("cobas_c111.txt")) {
            link.in(f);
        }
        link.in(E1381.EOT);
        link.in(E1381.ENQ).in(frame(1, PATIENT, true, true)).in(frame(1, PATIENT, true)).in(frame(1, PATIENT, true));
        link.in(frame(2, PATIENT, false));
        link.advance(Duration.ofSeconds(30));
        link.in(frame(1, PATIENT, true));
        link.handler.send(List.of(ascii(PATIENT)));
        link.in(E1381.ACK).in(E1381.NAK).in(E1381.EOT);
        link.out();
        link.close();

        assertThat(appender.list).isNotEmpty();
        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
                .allSatisfy(line -> assertThat(line).startsWith("TEST(")
                        .doesNotContain("PID-4711", "DOE", "JANE", "19870626", "40.13", "T20 10134GA", "g/L"));
    }
}
