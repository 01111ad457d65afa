package org.medbroker.engine.cli;

import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code medbroker admin --url URL [--token-file FILE] COMMAND}: the journal operations of
 * {@code /admin/api} from a shell. The token comes from the file or {@code MEDBROKER_ADMIN_TOKEN}.
 */
final class AdminCommand {

    static final String USAGE = """
            usage: java -jar medbroker.jar admin --url http://host:8080 [--token-file FILE] COMMAND
              messages [listener=L] [status=S] [since=INSTANT] [until=INSTANT] [controlId=C]
                       [destination=D] [deliveryStatus=pending|delivered|dead] [sampleId=BARCODE]
                       [accession=NUMBER] [limit=N]
              show ID               raw content, mapped FHIR, deliveries and attempts
              reprocess ID          map again and store (after a mapping fix)
              resend ID DESTINATION send to one destination again
              release ID DESTINATION  move out of dead letter
              prune LISTENER AGE    delete that listener's delivered messages older than AGE (30d, 12h)
            The token: --token-file, else the environment variable MEDBROKER_ADMIN_TOKEN.
            """;

    private AdminCommand() {}

    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) throws Exception {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        String url = option(rest, "--url");
        String tokenFile = option(rest, "--token-file");
        String token = tokenFile != null ? Files.readString(Path.of(tokenFile)).trim() : environment.get("MEDBROKER_ADMIN_TOKEN");
        if (url == null || token == null || token.isBlank() || rest.isEmpty()) {
            err.print(USAGE);
            return 2;
        }
        String base = url.replaceAll("/+$", "") + "/admin/api";
        String command = rest.remove(0);
        HttpRequest.Builder request;
        switch (command) {
            case "messages" -> {
                StringBuilder query = new StringBuilder();
                for (String pair : rest) {
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        err.print(USAGE);
                        return 2;
                    }
                    query.append(query.length() == 0 ? "?" : "&").append(encode(pair.substring(0, eq))).append('=')
                            .append(encode(pair.substring(eq + 1)));
                }
                request = HttpRequest.newBuilder(URI.create(base + "/messages" + query)).GET();
            }
            case "show" -> {
                if (rest.size() != 1) {
                    err.print(USAGE);
                    return 2;
                }
                request = HttpRequest.newBuilder(URI.create(base + "/messages/" + number(rest.get(0)))).GET();
            }
            case "reprocess" -> {
                if (rest.size() != 1) {
                    err.print(USAGE);
                    return 2;
                }
                request = post(base + "/messages/" + number(rest.get(0)) + "/reprocess");
            }
            case "resend", "release" -> {
                if (rest.size() != 2) {
                    err.print(USAGE);
                    return 2;
                }
                request = post(base + "/messages/" + number(rest.get(0)) + "/" + command + "?destination=" + encode(rest.get(1)));
            }
            case "prune" -> {
                if (rest.size() != 2) {
                    err.print(USAGE);
                    return 2;
                }
                request = post(base + "/prune?listener=" + encode(rest.get(0)) + "&olderThan=" + encode(rest.get(1)));
            }
            default -> {
                err.print(USAGE);
                return 2;
            }
        }
        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                .send(request.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        (response.statusCode() / 100 == 2 ? out : err).println(response.body());
        return response.statusCode() / 100 == 2 ? 0 : 1;
    }

    private static HttpRequest.Builder post(String uri) {
        return HttpRequest.newBuilder(URI.create(uri)).POST(HttpRequest.BodyPublishers.noBody());
    }

    private static String option(List<String> args, String name) {
        int at = args.indexOf(name);
        if (at < 0 || at + 1 >= args.size()) {
            return null;
        }
        String value = args.get(at + 1);
        args.remove(at + 1);
        args.remove(at);
        return value;
    }

    private static long number(String text) {
        return Long.parseLong(text);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
