package org.identitymesh.connector.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.identitymesh.connector.api.Cancellation;
import org.identitymesh.connector.entra.e2e.TenantFixture;
import org.identitymesh.connector.testkit.entra.TenantSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The files an operator gives entra-sync, as Windows tools save them, and every way a file can be unusable: each
 * failure is one sentence naming the file and the fix, with its own exit code, and never leaves the watermark ahead
 * of the changes.
 */
class EntraSyncFilesTest {

    /** An exception class name or a stack frame: what must never reach the operator. */
    private static final Pattern JAVA_TEXT = Pattern.compile("Exception|\\bat [a-z]+\\.|java\\.");

    @TempDir
    Path temp;

    private Path dir;
    private TenantFixture fixture;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        fixture = TenantFixture.start(TenantSpec.builder().users(60).groups(6).memberships(200).build(), s -> { });
        // a folder as operators name them: spaces, and letters that are not ASCII where this system can name them
        String name = "Tenant Configs (Zoë Løvås 東京)";
        if (!Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8")).newEncoder().canEncode(name)) {
            name = "Tenant Configs";
        }
        dir = Files.createDirectories(temp.resolve(name));
        write("config.json", config(), StandardCharsets.UTF_8);
        write("auth.json", auth(), StandardCharsets.UTF_8);
        write("secrets.json", secrets(), StandardCharsets.UTF_8);
    }

    @AfterEach
    void stop() throws IOException {
        fixture.close();
    }

    private String config() {
        return fixture.configJson("\"PageSize\":40,\"MaxRetries\":1").replace("env:TRUST_PW", "secret://test/trust")
                .replace(",", ",\r\n");
    }

    private String auth() {
        return fixture.authJson().replace("env:ENTRA_SECRET", "secret://test/entra").replace(",", ",\r\n");
    }

    private String secrets() {
        return "{\r\n\"test/entra\": \"" + fixture.tenant().clientSecret() + "\",\r\n\"test/trust\": \"trust-pw\"\r\n}\r\n";
    }

    private void write(String file, String text, Charset charset) throws IOException {
        Files.write(dir.resolve(file), text.getBytes(charset));
    }

    private int entraSync(String... args) {
        out.reset();
        err.reset();
        return new EntraSync(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Cancellation.create()).execute(args);
    }

    private String[] run(String mode, Path changes) {
        return new String[] {"run", "--config", dir.resolve("config.json").toString(), "--auth",
            dir.resolve("auth.json").toString(), "--secrets", dir.resolve("secrets.json").toString(), "--state",
            dir.resolve("watermark.json").toString(), "--mode", mode, "--changes", changes.toString()};
    }

    /** The one line the operator reads, checked to be a sentence of ours. */
    private String errorLine() {
        String text = err.toString(StandardCharsets.UTF_8).strip();
        String last = text.lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("entra-sync: ") && last.endsWith("."), text);
        assertFalse(JAVA_TEXT.matcher(last).find(), "an exception's text reached the operator: " + last);
        return last;
    }

    /** Notepad's "UTF-8 with BOM", PowerShell 7's utf8BOM, Windows PowerShell 5.1's default: all with CRLF. */
    @ParameterizedTest
    @ValueSource(strings = {"UTF-8", "UTF-16LE", "UTF-16BE"})
    void filesSavedWithAByteOrderMarkRunAndTheWatermarkIsWrittenAsPlainUtf8(String encoding) throws IOException {
        Charset charset = Charset.forName(encoding);
        write("config.json", "\uFEFF" + config(), charset);
        write("auth.json", "\uFEFF" + auth(), charset);
        write("secrets.json", "\uFEFF" + secrets(), charset);

        assertEquals(0, entraSync(run("full", dir.resolve("full.jsonl"))), err.toString());
        byte[] watermark = Files.readAllBytes(dir.resolve("watermark.json"));
        assertEquals('{', watermark[0], "written without a byte-order mark");
        String text = new String(watermark, StandardCharsets.UTF_8);
        assertArrayEquals(watermark, text.getBytes(StandardCharsets.UTF_8));

        // the operator opened the watermark in Notepad and saved it "with BOM", adding a line break
        write("watermark.json", "\uFEFF" + text + "\r\n", charset);
        assertEquals(0, entraSync(run("delta", dir.resolve("delta.jsonl"))), err.toString());
        assertTrue(out.toString().contains("User         delta"), out.toString());
    }

    /** The same files made by iconv, the way a Linux operator reproduces what Windows wrote. */
    @ParameterizedTest
    @ValueSource(strings = {"UTF-8", "UTF-16LE", "UTF-16BE"})
    void filesConvertedByIconvAreRead(String encoding) throws Exception {
        assumeTrue(iconvAvailable(), "iconv is not on this machine");
        for (String file : List.of("config.json", "auth.json", "secrets.json")) {
            Path utf8 = dir.resolve(file);
            write(file, "\uFEFF" + Files.readString(utf8), StandardCharsets.UTF_8);
            Path converted = dir.resolve(file + "." + encoding);
            Process iconv = new ProcessBuilder("iconv", "-f", "UTF-8", "-t", encoding, utf8.toString())
                    .redirectOutput(converted.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(iconv.waitFor(30, TimeUnit.SECONDS) && iconv.exitValue() == 0, "iconv failed");
            Files.move(converted, utf8, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        byte[] config = Files.readAllBytes(dir.resolve("config.json"));
        assertEquals(encoding.equals("UTF-8") ? 0xEF : encoding.equals("UTF-16LE") ? 0xFF : 0xFE, config[0] & 0xFF,
                "iconv kept the byte-order mark");
        assertEquals(0, entraSync(run("full", dir.resolve("full.jsonl"))), err.toString());
    }

    @Test
    void aConfigurationThatIsNotUtf8NamesTheFileTheOffsetAndTheFix() throws IOException {
        // saved as Windows-1252 ("ANSI"): é is one byte, which UTF-8 cannot read
        write("config.json", config().replace("{", "{\"GroupSelectionFilter\":\"displayName eq 'Équipe'\",\r\n"),
                Charset.forName("windows-1252"));
        assertEquals(EntraSync.INPUT_FILE, entraSync(run("full", dir.resolve("c.jsonl"))));
        String line = errorLine();
        assertTrue(line.startsWith("entra-sync: the configuration file " + dir.resolve("config.json")
                + " is not text entra-sync can read; expected UTF-8 text; the bytes at offset 41 (line 1) are not"
                + " UTF-8; save it as UTF-8."), line);
        assertFalse(Files.exists(dir.resolve("watermark.json")));
    }

    @Test
    void eachUnusableInputFileIsOneSentenceWithItsOwnExitCode() throws IOException {
        Files.delete(dir.resolve("auth.json"));
        assertEquals(EntraSync.INPUT_FILE, entraSync(run("full", dir.resolve("c.jsonl"))));
        assertEquals("entra-sync: the authentication file " + dir.resolve("auth.json") + " does not exist; check the "
                + "path given to --auth.", errorLine());

        Files.createDirectory(dir.resolve("auth.json"));
        assertEquals(EntraSync.INPUT_FILE, entraSync(run("full", dir.resolve("c.jsonl"))));
        assertEquals("entra-sync: the authentication file " + dir.resolve("auth.json") + " is a folder; give --auth "
                + "the path of a file.", errorLine());
        Files.delete(dir.resolve("auth.json"));
        write("auth.json", auth(), StandardCharsets.UTF_8);

        write("config.json", "{\r\n  \"TenantId\": \"contoso.onmicrosoft.com\",\r\n  \"PageSize\": 40,,\r\n}",
                StandardCharsets.UTF_8);
        assertEquals(EntraSync.INPUT_FILE, entraSync(run("full", dir.resolve("c.jsonl"))));
        assertEquals("entra-sync: the configuration file " + dir.resolve("config.json") + " is not valid JSON at line"
                + " 3, column 18; fix the JSON there (an editor with JSON support shows the mistake).", errorLine());
        write("config.json", config(), StandardCharsets.UTF_8);

        Files.createDirectory(dir.resolve("watermark.json"));
        assertEquals(EntraSync.INPUT_FILE, entraSync(run("delta", dir.resolve("c.jsonl"))));
        assertEquals("entra-sync: the watermark file " + dir.resolve("watermark.json") + " is a folder; give --state "
                + "the path of a file (entra-sync creates it on the first run).", errorLine());
        assertFalse(Files.exists(dir.resolve("c.jsonl")), "nothing was imported");
    }

    @Test
    void aBrokenSecretsFileIsNamedWithoutShowingItsText() throws IOException {
        String secret = fixture.tenant().clientSecret();
        write("secrets.json", "{\"test/entra\": \"" + secret + "\" \"test/trust\": \"trust-pw\"}", StandardCharsets.UTF_8);
        assertEquals(EntraSync.INPUT_FILE, entraSync(run("full", dir.resolve("c.jsonl"))));
        String line = errorLine();
        assertTrue(line.startsWith("entra-sync: the secrets file " + dir.resolve("secrets.json") + " is not valid JSON"
                + " at line 1, column "), line);
        assertFalse(err.toString().contains(secret) || err.toString().contains("trust-pw"), err.toString());
    }

    @Test
    void aPathTheSystemCannotUseIsAUsageError() {
        assertEquals(EntraSync.USAGE, entraSync("run", "--config", "config\0.json", "--auth", "a", "--state", "w"));
        String line = err.toString(StandardCharsets.UTF_8).strip();
        assertFalse(JAVA_TEXT.matcher(line).find(), line);
        assertTrue(line.startsWith("entra-sync: Invalid value for option '--config': \"config\0.json\" is not a path "
                + "this system can use"), line);
    }

    /** A full disk, made real by Linux's /dev/full, which fails every write with ENOSPC. */
    @Test
    void aFullDiskForTheChangesKeepsTheWatermark() throws IOException {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.exists(full) && Files.isWritable(full), "no /dev/full on this system");
        assertEquals(0, entraSync(run("full", dir.resolve("full.jsonl"))), err.toString());
        byte[] watermark = Files.readAllBytes(dir.resolve("watermark.json"));
        fixture.tenant().directory().updateUser(fixture.tenant().directory().users().findFirst().orElseThrow().id(),
                java.util.Map.of("displayName", "Renamed"));

        // a small delta fails when the changes are forced to disk, a full round while they are written
        for (String mode : List.of("delta", "full")) {
            assertEquals(EntraSync.OUTPUT, entraSync(run(mode, full)), mode + ": " + err);
            String line = errorLine();
            assertTrue(line.startsWith("entra-sync: could not write the changes file /dev/full: the disk is full; "),
                    line);
            assertTrue(line.endsWith("the watermark was kept; free some space and run again."), line);
            assertArrayEquals(watermark, Files.readAllBytes(dir.resolve("watermark.json")), mode);
        }
    }

    /**
     * The watermark cannot be written after the changes were: the changes stay, and the watermark does not move
     * ahead of them. The watermark's name is so long that the file system refuses the temporary file it is first
     * written to (ENAMETOOLONG), a real failure of the last step that even root gets, where a read-only folder would
     * not stop root.
     */
    @Test
    void aWatermarkThatCannotBeWrittenStaysBehindTheChanges() throws IOException {
        Path state = dir.resolve("w".repeat(240));
        assertEquals(0, entraSync(run("full", dir.resolve("written.jsonl"))), err.toString());
        List<String> args = new ArrayList<>(List.of(run("full", dir.resolve("full.jsonl"))));
        args.set(args.indexOf("--state") + 1, state.toString());

        assertEquals(EntraSync.OUTPUT, entraSync(args.toArray(String[]::new)));
        String line = errorLine();
        assertTrue(line.startsWith("entra-sync: could not write the watermark file " + state), line);
        assertTrue(line.contains("; the changes were written and the previous watermark was kept, so the next run "
                + "delivers them again; "), line);
        assertFalse(Files.exists(state));
        // users and groups arrive interleaved, in another order each run
        java.util.Set<String> before = new java.util.HashSet<>(Files.readAllLines(dir.resolve("written.jsonl")));
        java.util.Set<String> after = new java.util.HashSet<>(Files.readAllLines(dir.resolve("full.jsonl")));
        assertTrue(before.equals(after), "every change was written before the watermark was tried: "
                + before.size() + " lines in the run that succeeded, " + after.size() + " in this one");
    }

    private static boolean iconvAvailable() {
        try {
            Process p = new ProcessBuilder("iconv", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
