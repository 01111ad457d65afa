package org.medbroker.samples.sender;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sends HL7 v2 messages from files over MLLP and prints each acknowledgement (JDK 17, one file).
 *
 * <pre>
 *   java samples/src/main/java/org/medbroker/samples/sender/MllpSend.java --port 2575 samples/hl7/ORU-R01-01.hl7
 * </pre>
 *
 * <p>Segments in a file may end with CR, LF or CR LF; they are sent ending with CR, as HL7 requires.
 * A file may hold several messages (each starts with an MSH segment). Messages go over one connection,
 * one at a time, each waiting for its ACK. The bytes are sent as they are in the file, so the file's
 * encoding must be the one its MSH-18 declares.
 *
 * <p>Exit code: 0 when every ACK is AA (or CA), 1 when any is AE/AR/CE/CR, lacks an MSA or names another
 * MSH-10, 2 on a connection error (refused, closed, no ACK in time), 64 on a usage or file error.
 */
public final class MllpSend {

    static final String USAGE = """
            usage: java MllpSend.java [--host H] [--port P] [--timeout-seconds S] FILE.hl7...
              --host H             receiver address (default 127.0.0.1)
              --port P             receiver port (default 2575)
              --timeout-seconds S  longest wait to connect and for each ACK (default 30)
            exit: 0 all AA, 1 an AE/AR or a wrong ACK, 2 connection error, 64 usage or file error
            """;

    static final int OK = 0;
    static final int NOT_ACCEPTED = 1;
    static final int CONNECTION_ERROR = 2;
    static final int USAGE_ERROR = 64;

    static final byte VT = 0x0B;
    static final byte FS = 0x1C;
    static final byte CR = 0x0D;
    static final byte LF = 0x0A;

    private MllpSend() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String host = "127.0.0.1";
        int port = 2575;
        int timeoutSeconds = 30;
        List<Path> files = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--host" -> host = value(args, ++i);
                    case "--port" -> port = Integer.parseInt(value(args, ++i));
                    case "--timeout-seconds" -> timeoutSeconds = Integer.parseInt(value(args, ++i));
                    case "--help", "-h" -> {
                        out.print(USAGE);
                        return OK;
                    }
                    default -> {
                        if (args[i].startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + args[i]);
                        }
                        files.add(Path.of(args[i]));
                    }
                }
            }
            if (files.isEmpty()) {
                throw new IllegalArgumentException("no file to send");
            }
            if (port < 1 || port > 65_535 || timeoutSeconds < 1) {
                throw new IllegalArgumentException("port must be 1-65535 and timeout at least 1 second");
            }
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE);
            return USAGE_ERROR;
        }

        List<Outgoing> outgoing = new ArrayList<>();
        for (Path file : files) {
            try {
                List<byte[]> messages = messages(Files.readAllBytes(file));
                if (messages.isEmpty()) {
                    err.println("error: " + file + ": no MSH segment, not an HL7 v2 message");
                    return USAGE_ERROR;
                }
                for (int i = 0; i < messages.size(); i++) {
                    outgoing.add(new Outgoing(file, i + 1, messages.size(), messages.get(i)));
                }
            } catch (IOException e) {
                err.println("error: cannot read " + file + ": " + e.getMessage());
                return USAGE_ERROR;
            }
        }

        int result = OK;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutSeconds * 1000);
            socket.setSoTimeout(timeoutSeconds * 1000);
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream os = socket.getOutputStream();
            for (Outgoing message : outgoing) {
                String controlId = field(message.bytes(), 10);
                out.printf("==> %s%s, MSH-10 %s%n", message.file(),
                        message.count() > 1 ? " (message " + message.number() + " of " + message.count() + ")" : "", controlId);
                os.write(frame(message.bytes()));
                os.flush();
                byte[] ack;
                try {
                    ack = readBlock(in);
                } catch (SocketTimeoutException e) {
                    err.println("error: no ACK within " + timeoutSeconds + " s for " + controlId);
                    return CONNECTION_ERROR;
                }
                Charset charset = charsetOf(ack, message.bytes());
                String text = new String(ack, charset);
                out.println("<== ACK");
                for (String segment : text.split("[\r\n]+")) {
                    out.println("    " + segment);
                }
                String[] msa = msa(text);
                String code = msa.length > 1 ? msa[1] : "";
                String ackedId = msa.length > 2 ? msa[2] : "";
                boolean accepted = code.equals("AA") || code.equals("CA");
                if (!accepted) {
                    out.println("    -> not accepted: MSA-1 " + (code.isEmpty() ? "missing" : code));
                    result = NOT_ACCEPTED;
                } else if (!ackedId.equals(controlId)) {
                    out.println("    -> MSA-2 '" + ackedId + "' does not match MSH-10 '" + controlId + "'");
                    result = NOT_ACCEPTED;
                }
            }
        } catch (IOException e) {
            err.println("error: " + host + ":" + port + ": " + e.getMessage());
            return CONNECTION_ERROR;
        }
        return result;
    }

    record Outgoing(Path file, int number, int count, byte[] bytes) {}

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    /**
     * The messages in a file's bytes: segments split at CR, LF or CR LF, empty lines, a UTF-8 BOM and
     * stray MLLP bytes dropped, each segment ended by CR; a new message starts at every MSH segment.
     * Works on bytes, so the file's encoding passes through untouched.
     */
    static List<byte[]> messages(byte[] file) {
        List<byte[]> messages = new ArrayList<>();
        ByteArrayOutputStream message = null;
        int start = file.length >= 3 && (file[0] & 0xFF) == 0xEF && (file[1] & 0xFF) == 0xBB && (file[2] & 0xFF) == 0xBF ? 3 : 0;
        int lineStart = start;
        for (int i = start; i <= file.length; i++) {
            if (i < file.length && file[i] != CR && file[i] != LF) {
                continue;
            }
            ByteArrayOutputStream segment = new ByteArrayOutputStream(i - lineStart + 1);
            for (int j = lineStart; j < i; j++) {
                if (file[j] != VT && file[j] != FS) {
                    segment.write(file[j]);
                }
            }
            lineStart = i + 1;
            byte[] bytes = segment.toByteArray();
            if (isBlank(bytes)) {
                continue;
            }
            if (bytes.length >= 3 && bytes[0] == 'M' && bytes[1] == 'S' && bytes[2] == 'H') {
                if (message != null) {
                    messages.add(message.toByteArray());
                }
                message = new ByteArrayOutputStream();
            }
            if (message == null) {
                return List.of(); // text before the first MSH: not an HL7 file
            }
            message.writeBytes(bytes);
            message.write(CR);
        }
        if (message != null) {
            messages.add(message.toByteArray());
        }
        return messages;
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    static byte[] frame(byte[] message) {
        byte[] frame = new byte[message.length + 3];
        frame[0] = VT;
        System.arraycopy(message, 0, frame, 1, message.length);
        frame[message.length + 1] = FS;
        frame[message.length + 2] = CR;
        return frame;
    }

    static byte[] readBlock(InputStream in) throws IOException {
        int b;
        while ((b = in.read()) != VT) {
            if (b < 0) {
                throw new IOException("connection closed before an ACK arrived");
            }
        }
        ByteArrayOutputStream block = new ByteArrayOutputStream(256);
        while ((b = in.read()) != FS) {
            if (b < 0) {
                throw new IOException("connection closed inside an ACK");
            }
            block.write(b);
        }
        if (in.read() != CR) {
            throw new IOException("ACK not ended by <FS><CR>");
        }
        return block.toByteArray();
    }

    /** MSH-n read from the first segment as ISO-8859-1 (MSH-1 is the separator itself); "" when absent. */
    static String field(byte[] message, int n) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        int end = text.indexOf('\r');
        String msh = end < 0 ? text : text.substring(0, end);
        if (msh.length() < 4 || !msh.startsWith("MSH")) {
            return "";
        }
        String[] fields = msh.split(java.util.regex.Pattern.quote(String.valueOf(msh.charAt(3))), -1);
        return n >= 2 && n < fields.length + 1 ? fields[n - 1] : "";
    }

    /** The charset to show the ACK in: its MSH-18, else the message's, else ISO-8859-1. */
    static Charset charsetOf(byte[] ack, byte[] message) {
        for (byte[] source : new byte[][] {ack, message}) {
            String msh18 = field(source, 18);
            int repetition = msh18.indexOf('~');
            String declared = (repetition < 0 ? msh18 : msh18.substring(0, repetition)).trim().toUpperCase(Locale.ROOT);
            if (declared.equals("UNICODE UTF-8")) {
                return StandardCharsets.UTF_8;
            }
            if (declared.matches("8859/([1-9]|1[0-5])")) {
                String name = "ISO-8859-" + declared.substring(5);
                if (Charset.isSupported(name)) {
                    return Charset.forName(name);
                }
            }
        }
        return StandardCharsets.ISO_8859_1;
    }

    static String[] msa(String ack) {
        for (String segment : ack.split("[\r\n]+")) {
            if (segment.startsWith("MSA") && segment.length() > 3) {
                return segment.split(java.util.regex.Pattern.quote(String.valueOf(segment.charAt(3))), -1);
            }
        }
        return new String[0];
    }
}
