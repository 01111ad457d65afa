package org.medbroker.connectors.astm.link;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.medbroker.connectors.astm.codec.AstmControl;
import org.medbroker.connectors.astm.codec.AstmFrame;
import org.medbroker.connectors.astm.codec.E1381;
import org.medbroker.connectors.astm.codec.E1381Event;
import org.medbroker.connectors.astm.codec.E1381FrameEncoder;
import org.medbroker.connectors.astm.codec.E1381FrameJoiner;
import org.medbroker.connectors.astm.codec.FrameError;
import org.medbroker.connectors.astm.codec.NoiseSkipped;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The E1381 session (ASTM E1381-02 / CLSI LIS1-A clauses 6.2 to 6.5) of one connection, in both roles.
 *
 * <pre>
 *   pipeline:  E1381FrameEncoder  E1381FrameDecoder  E1381LinkHandler  (upstream: ReceivedMessage)
 *
 *   receiver:  IDLE --ENQ/ACK--> RECEIVER_TRANSFER --frame/ACK|NAK--> ... --EOT--> IDLE (ReceivedMessage)
 *   sender:    IDLE --ENQ--> SENDER_ESTABLISHMENT --ACK--> SENDER_TRANSFER --frame..ACK--> ... --EOT--> IDLE
 * </pre>
 *
 * <p><b>Receiver</b> (clause 6.3): ENQ is answered ACK, or NAK while {@code busy}. Each intact frame with
 * the expected number (1..7, 0, or any with {@link E1381LinkOptions#lenientFrameNumbers()}) is answered
 * ACK and joined; a repeat of the previous frame (its ACK was lost) is answered ACK and not joined again; a
 * bad checksum, a {@link FrameError} or a wrong number is answered NAK, six times in a row at most: the
 * seventh gets no answer and the partial message is discarded. EOT fires a {@link ReceivedMessage}. When
 * {@link E1381Timeouts#frameReceive()} passes without a frame, what was received is fired flagged
 * incomplete.
 *
 * <p><b>Sender</b> ({@link #send}): messages queue and go one at a time when the line is neutral. ENQ,
 * then each frame waits for its reply; NAK to ENQ bids again after
 * {@link E1381Timeouts#establishmentRetryDelay()} (six ENQs at most), NAK to a frame sends it again (six
 * sends at most), EOT instead of ACK is a receiver interrupt. Contention follows
 * {@link E1381LinkOptions#contentionPriority()}.
 *
 * <p>The states are an enum; each overrides only the events it accepts, any other event is logged (its
 * kind, never its content), answered EOT and resets the link. Nothing here logs frame text.
 *
 * <p>Buffers: inbound messages are {@link E1381Event}s on the heap (the decoder releases its buffers);
 * anything else is passed on untouched. Control characters are written as one-byte buffers and frames
 * as {@link AstmFrame}s for the {@link E1381FrameEncoder} below; the transport releases both. Not
 * sharable; everything runs on the channel's event loop.
 */
public final class E1381LinkHandler extends ChannelInboundHandlerAdapter {

    /** NAKs per frame (6.5.1.2), and ENQs per message. */
    public static final int MAX_ATTEMPTS = 6;

    private static final Logger LOG = LoggerFactory.getLogger(E1381LinkHandler.class);

    private enum State {
        /** Neutral line (6.1): either side may bid. */
        IDLE {
            @Override
            State onEnq(E1381LinkHandler h) {
                return h.acceptEstablishment();
            }

            @Override
            State onEot(E1381LinkHandler h) {
                return IDLE; // the termination of a transfer we gave up on, or a peer resetting: harmless
            }
        },
        /** Receiver, transfer phase (6.3): frames until EOT. */
        RECEIVER_TRANSFER {
            @Override
            State onFrame(E1381LinkHandler h, AstmFrame frame) {
                return h.receiveFrame(frame);
            }

            @Override
            State onFrameError(E1381LinkHandler h, FrameError error) {
                return h.refuseFrame("frame error " + error.reason());
            }

            @Override
            State onEot(E1381LinkHandler h) {
                h.deliver(false);
                return IDLE;
            }

            @Override
            State onTimeout(E1381LinkHandler h) {
                LOG.warn("{}: MB-0618: no frame within {} (E1381 6.5.2.2); handing up the partial message flagged incomplete",
                        h.label, h.timeouts().frameReceive());
                h.deliver(true);
                return IDLE;
            }
        },
        /** Sender, establishment phase (6.2): ENQ sent, waiting for the reply. */
        SENDER_ESTABLISHMENT {
            @Override
            State onAck(E1381LinkHandler h) {
                h.frameIndex = 0;
                h.frameSends = 0;
                return h.sendFrame();
            }

            @Override
            State onNak(E1381LinkHandler h) {
                if (h.attempts >= MAX_ATTEMPTS) {
                    return h.finish(SendOutcome.Result.ESTABLISHMENT_REFUSED);
                }
                h.schedule(h.timeouts().establishmentRetryDelay());
                return SENDER_ESTABLISHMENT_RETRY;
            }

            @Override
            State onEnq(E1381LinkHandler h) {
                if (h.options.contentionPriority() == ContentionPriority.HOST) {
                    LOG.debug("{}: contention, yielding to the instrument", h.label);
                    h.attempts = 0;
                    h.schedule(h.timeouts().contentionHostWait());
                    return SENDER_CONTENTION_YIELD;
                }
                LOG.debug("{}: contention, bidding again as the instrument", h.label);
                h.schedule(h.timeouts().contentionInstrumentDelay());
                return SENDER_CONTENTION_DELAY;
            }

            @Override
            State onTimeout(E1381LinkHandler h) {
                h.writeControl(AstmControl.EOT);
                return h.finish(SendOutcome.Result.ESTABLISHMENT_TIMEOUT);
            }
        },
        /** Sender after NAK to ENQ (6.2.6): the line is neutral, the peer may bid while we wait. */
        SENDER_ESTABLISHMENT_RETRY {
            @Override
            State onEnq(E1381LinkHandler h) {
                return h.acceptEstablishment();
            }

            @Override
            State onTimeout(E1381LinkHandler h) {
                return h.establish();
            }
        },
        /** Host after contention (6.2.7.1): waiting for the instrument's ENQ. */
        SENDER_CONTENTION_YIELD {
            @Override
            State onEnq(E1381LinkHandler h) {
                return h.acceptEstablishment();
            }

            @Override
            State onTimeout(E1381LinkHandler h) {
                return h.establish();
            }
        },
        /** Instrument after contention (6.2.7.1): waiting before bidding again. */
        SENDER_CONTENTION_DELAY {
            @Override
            State onTimeout(E1381LinkHandler h) {
                return h.establish();
            }
        },
        /** Sender, transfer phase (6.3): a frame sent, waiting for the reply. */
        SENDER_TRANSFER {
            @Override
            State onAck(E1381LinkHandler h) {
                h.frameIndex++;
                h.frameSends = 0;
                if (h.frameIndex == h.current.frames().size()) {
                    h.writeControl(AstmControl.EOT);
                    return h.finish(SendOutcome.Result.DELIVERED);
                }
                return h.sendFrame();
            }

            @Override
            State onNak(E1381LinkHandler h) {
                if (h.frameSends >= MAX_ATTEMPTS) {
                    h.writeControl(AstmControl.EOT);
                    return h.finish(SendOutcome.Result.FRAME_REFUSED);
                }
                return h.sendFrame();
            }

            @Override
            State onEot(E1381LinkHandler h) {
                h.frameIndex++; // 6.3.5: EOT acknowledges the frame and asks the sender to stop
                h.writeControl(AstmControl.EOT);
                return h.finish(h.frameIndex == h.current.frames().size()
                        ? SendOutcome.Result.DELIVERED : SendOutcome.Result.INTERRUPTED);
            }

            @Override
            State onTimeout(E1381LinkHandler h) {
                h.writeControl(AstmControl.EOT);
                return h.finish(SendOutcome.Result.FRAME_TIMEOUT);
            }
        };

        State onEnq(E1381LinkHandler h) {
            return h.unexpected(this, "ENQ");
        }

        State onAck(E1381LinkHandler h) {
            return h.unexpected(this, "ACK");
        }

        State onNak(E1381LinkHandler h) {
            return h.unexpected(this, "NAK");
        }

        State onEot(E1381LinkHandler h) {
            return h.unexpected(this, "EOT");
        }

        State onFrame(E1381LinkHandler h, AstmFrame frame) {
            return h.unexpected(this, "frame");
        }

        State onFrameError(E1381LinkHandler h, FrameError error) {
            return h.unexpected(this, "frame error " + error.reason());
        }

        State onTimeout(E1381LinkHandler h) {
            return h.unexpected(this, "timeout");
        }
    }

    /** A message waiting to be sent, already cut into numbered frames. */
    private record Outgoing(List<AstmFrame> frames, CompletableFuture<SendOutcome> outcome) {
    }

    private final String connectionName;
    private final E1381LinkOptions options;
    private final BooleanSupplier busy;
    private final E1381FrameEncoder encoder;
    private final E1381FrameJoiner joiner;
    private final Deque<Outgoing> queue = new ArrayDeque<>();

    private ChannelHandlerContext ctx;
    private String label;
    private State state = State.IDLE;
    private ScheduledFuture<?> timer;
    private long timerGeneration;
    private boolean closed;

    // receiver: null message when not receiving
    private ByteArrayOutputStream message;
    private final ByteArrayOutputStream partialRecord = new ByteArrayOutputStream();
    private int expectedNumber;
    private AstmFrame lastAccepted;
    private int naks;
    private int framesReceived;
    private boolean overflow;

    // sender
    private Outgoing current;
    private int attempts;
    private int frameIndex;
    private int frameSends;

    /**
     * @param connectionName how log lines name the device, e.g. {@code SYSMEX-XN}; the channel id is added
     * @param options timers and per-device tolerance
     * @param busy asked at each ENQ: {@code true} answers NAK (6.2.6), e.g. while the store is unavailable
     * @param encoder cuts outgoing records into frames; must be the one in the pipeline
     */
    public E1381LinkHandler(String connectionName, E1381LinkOptions options, BooleanSupplier busy, E1381FrameEncoder encoder) {
        this.connectionName = Objects.requireNonNull(connectionName, "connectionName");
        this.options = Objects.requireNonNull(options, "options");
        this.busy = Objects.requireNonNull(busy, "busy");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.joiner = new E1381FrameJoiner(options.maxRecordLength());
        this.label = connectionName;
    }

    /** Never busy, standard frame size. */
    public E1381LinkHandler(String connectionName, E1381LinkOptions options) {
        this(connectionName, options, () -> false, E1381FrameEncoder.STANDARD);
    }

    /**
     * Queues a message for sending. Each record is its text including the CR that ends an E1394 record;
     * records are cut into frames numbered from 1 here, so a record the encoder refuses (a restricted
     * character) throws {@link IllegalArgumentException} at once. The future completes on the event loop.
     */
    public CompletableFuture<SendOutcome> send(List<byte[]> records) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("no records to send");
        }
        List<AstmFrame> frames = new ArrayList<>();
        int number = E1381.FIRST_FRAME_NUMBER;
        for (byte[] record : records) {
            List<AstmFrame> split = encoder.split(record, number);
            frames.addAll(split);
            number = E1381.nextFrameNumber(split.get(split.size() - 1).number());
        }
        Outgoing outgoing = new Outgoing(List.copyOf(frames), new CompletableFuture<>());
        ChannelHandlerContext c = ctx;
        if (c == null) {
            throw new IllegalStateException("the handler is not in a pipeline");
        }
        if (c.executor().inEventLoop()) {
            enqueue(outgoing);
        } else {
            c.executor().execute(() -> enqueue(outgoing));
        }
        return outgoing.outcome();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.label = connectionName + "(" + ctx.channel().id().asShortText() + ")";
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimer();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof E1381Event event)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (event instanceof NoiseSkipped noise) {
            LOG.debug("{}: skipped {} bytes of noise in {}", label, noise.bytes(), state);
            return;
        }
        cancelTimer();
        State next;
        if (event instanceof AstmControl control) {
            next = switch (control) {
                case ENQ -> state.onEnq(this);
                case ACK -> state.onAck(this);
                case NAK -> state.onNak(this);
                case EOT -> state.onEot(this);
            };
        } else if (event instanceof AstmFrame frame) {
            next = state.onFrame(this, frame);
        } else {
            next = state.onFrameError(this, (FrameError) event);
        }
        enter(next);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closed = true;
        cancelTimer();
        if (message != null) {
            LOG.warn("{}: MB-0619: connection closed during a transfer; handing up the partial message flagged incomplete", label);
            deliver(true);
        }
        if (current != null) {
            finish(SendOutcome.Result.CHANNEL_CLOSED);
        }
        for (Outgoing o; (o = queue.poll()) != null; ) {
            o.outcome().complete(new SendOutcome(SendOutcome.Result.CHANNEL_CLOSED, 0));
        }
        state = State.IDLE;
        super.channelInactive(ctx);
    }

    // ---- transitions shared by the states

    private void enter(State next) {
        state = next;
        if (state == State.IDLE && !closed && (current != null || !queue.isEmpty())) {
            if (current == null) {
                current = queue.poll();
                attempts = 0;
            }
            state = establish();
        }
    }

    private void enqueue(Outgoing outgoing) {
        if (closed || !ctx.channel().isActive()) {
            outgoing.outcome().complete(new SendOutcome(SendOutcome.Result.CHANNEL_CLOSED, 0));
            return;
        }
        queue.add(outgoing);
        if (state == State.IDLE) {
            enter(State.IDLE);
        }
    }

    private State unexpected(State in, String event) {
        LOG.warn("{}: MB-0620: {} is not allowed in {} (E1381); sending EOT and resetting the link", label, event, in);
        writeControl(AstmControl.EOT);
        if (message != null) {
            deliver(true);
            return State.IDLE; // a message of our own that yielded to this transfer is bid again
        }
        return current != null ? finish(SendOutcome.Result.PROTOCOL_ERROR) : State.IDLE;
    }

    private E1381Timeouts timeouts() {
        return options.timeouts();
    }

    // ---- receiver

    private State acceptEstablishment() {
        if (busy.getAsBoolean()) {
            LOG.info("{}: busy, answering ENQ with NAK", label);
            writeControl(AstmControl.NAK);
            return state == State.IDLE ? State.IDLE : rescheduleSenderWait();
        }
        writeControl(AstmControl.ACK);
        message = new ByteArrayOutputStream();
        partialRecord.reset();
        joiner.reset();
        expectedNumber = E1381.FIRST_FRAME_NUMBER;
        lastAccepted = null;
        naks = 0;
        framesReceived = 0;
        overflow = false;
        schedule(timeouts().frameReceive());
        return State.RECEIVER_TRANSFER;
    }

    /** After refusing the peer's bid while our own waits: keep waiting as before. */
    private State rescheduleSenderWait() {
        schedule(state == State.SENDER_CONTENTION_YIELD ? timeouts().contentionHostWait() : timeouts().establishmentRetryDelay());
        return state;
    }

    private State receiveFrame(AstmFrame frame) {
        if (!frame.intact()) {
            return refuseFrame("bad checksum");
        }
        if (isRetransmission(frame)) {
            LOG.debug("{}: frame {} received again, acknowledged and not joined twice", label, frame.number());
            writeControl(AstmControl.ACK);
            naks = 0;
            schedule(timeouts().frameReceive());
            return State.RECEIVER_TRANSFER;
        }
        if (!options.lenientFrameNumbers() && frame.number() != expectedNumber) {
            return refuseFrame("frame number " + frame.number() + " where " + expectedNumber + " was expected");
        }
        writeControl(AstmControl.ACK);
        naks = 0;
        lastAccepted = frame;
        expectedNumber = E1381.nextFrameNumber(frame.number());
        framesReceived++;
        E1381FrameJoiner.Result joined = joiner.accept(frame);
        if (frame.last()) {
            partialRecord.reset();
        } else if (partialRecord.size() + (long) frame.textLength() <= options.maxRecordLength()) {
            partialRecord.writeBytes(frame.text());
        }
        if (joined instanceof E1381FrameJoiner.Joined record) {
            append(record.text());
        } else if (joined instanceof E1381FrameJoiner.TooLong tooLong) {
            LOG.warn("{}: MB-0621: a record of {} bytes exceeds maxRecordLength {} and was dropped; the message is flagged incomplete",
                    label, tooLong.bytes(), options.maxRecordLength());
            overflow = true;
        }
        schedule(timeouts().frameReceive());
        return State.RECEIVER_TRANSFER;
    }

    private boolean isRetransmission(AstmFrame frame) {
        if (lastAccepted == null || frame.number() != lastAccepted.number()) {
            return false;
        }
        return !options.lenientFrameNumbers() || frame.equals(lastAccepted);
    }

    private State refuseFrame(String why) {
        if (naks >= MAX_ATTEMPTS) {
            LOG.warn("{}: MB-0622: a frame failed {} times (last: {}); giving up and discarding the partial message of {} frames",
                    label, naks + 1, why, framesReceived);
            clearReceiver();
            return State.IDLE;
        }
        naks++;
        LOG.debug("{}: NAK ({}), {} in a row", label, why, naks);
        writeControl(AstmControl.NAK);
        schedule(timeouts().frameReceive());
        return State.RECEIVER_TRANSFER;
    }

    private void append(byte[] record) {
        if (message.size() + (long) record.length > options.maxMessageLength()) {
            if (!overflow) {
                LOG.warn("{}: MB-0623: the message exceeds maxMessageLength {}; further records are dropped and the message is flagged incomplete",
                        label, options.maxMessageLength());
            }
            overflow = true;
            return;
        }
        message.writeBytes(record);
    }

    /** Termination (6.4): fires what was received, if anything; flags it when the transfer did not end cleanly. */
    private void deliver(boolean aborted) {
        boolean incomplete = aborted || overflow || !joiner.idle();
        if (!joiner.idle() && partialRecord.size() > 0) {
            append(partialRecord.toByteArray());
        }
        ReceivedMessage received = new ReceivedMessage(message.toByteArray(), framesReceived, incomplete);
        clearReceiver();
        if (received.frames() == 0) {
            LOG.debug("{}: transfer ended without frames", label);
            return;
        }
        if (incomplete) {
            LOG.warn("{}: MB-0624: handing up an incomplete message ({} frames, {} bytes)", label, received.frames(), received.records().length);
        } else {
            LOG.debug("{}: received a message of {} frames", label, received.frames());
        }
        ctx.fireChannelRead(received);
    }

    private void clearReceiver() {
        message = null;
        partialRecord.reset();
        joiner.reset();
        lastAccepted = null;
    }

    // ---- sender

    private State establish() {
        attempts++;
        writeControl(AstmControl.ENQ);
        schedule(timeouts().establishmentReply());
        return State.SENDER_ESTABLISHMENT;
    }

    private State sendFrame() {
        frameSends++;
        ctx.writeAndFlush(current.frames().get(frameIndex));
        schedule(timeouts().frameReply());
        return State.SENDER_TRANSFER;
    }

    private State finish(SendOutcome.Result result) {
        Outgoing done = current;
        current = null;
        attempts = 0;
        SendOutcome outcome = new SendOutcome(result, frameIndex);
        frameIndex = 0;
        frameSends = 0;
        if (result == SendOutcome.Result.DELIVERED) {
            LOG.debug("{}: sent a message of {} frames", label, outcome.framesAcknowledged());
        } else {
            LOG.warn("{}: {} ({} of {} frames acknowledged)", label, result.message(), outcome.framesAcknowledged(),
                    done.frames().size());
        }
        done.outcome().complete(outcome);
        return State.IDLE;
    }

    // ---- wire and timers

    private void writeControl(AstmControl control) {
        ctx.writeAndFlush(ctx.alloc().buffer(1).writeByte(control.value()));
    }

    private void schedule(Duration delay) {
        cancelTimer();
        long generation = timerGeneration;
        timer = ctx.executor().schedule(() -> {
            if (generation == timerGeneration && !closed) {
                timer = null;
                timerGeneration++;
                enter(state.onTimeout(this));
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancelTimer() {
        timerGeneration++;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
