/*
 * SopHost: one long-lived JVM for a Java SOP implementation, so that bothends starts a JVM per
 * host instead of one per operation (a JVM start costs about as much CPU as the operation).
 *
 * Run as a single-file source program, with the implementation's jars on the class path:
 *   java -XX:+UseSerialGC -cp pgpainless-cli.jar src/adapters/sop/sop-host/SopHost.java org.pgpainless.cli.PGPainlessCLI
 * It loads the main class and calls its `public static int execute(String...)` (what its `main`
 * calls before System.exit) once per request, one request at a time. For each request System.in,
 * System.out and System.err are in-memory streams; the SOP commands read them at call time
 * (the host is checked against the CLI's own output by src/adapters/sop.test.ts). Between
 * requests System.out is the host's stderr, so nothing but frames ever reaches the real stdout.
 *
 * Framing, integers 32-bit big-endian, strings UTF-8 with a length before them:
 *   hello, once, host to bothends:   "SOPH", main class name
 *   request, bothends to host:       argc, argc arguments, stdin (length + bytes)
 *   response, host to bothends:      "SOPR", exit code, stdout (length + bytes), stderr (length + bytes)
 * A Throwable from execute is exit code 1 with its stack trace as stderr, as an uncaught
 * exception in the CLI's main would be. End of input ends the host with exit code 0.
 */
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;

public final class SopHost {
    private static final int HELLO = 0x534f5048; // "SOPH"
    private static final int RESPONSE = 0x534f5052; // "SOPR"

    public static void main(String[] argv) throws IOException {
        if (argv.length != 1) {
            System.err.println("usage: java -cp JARS SopHost.java MAIN_CLASS");
            System.exit(2);
        }
        // The protocol owns the real stdin and stdout; stray output of a library goes to stderr.
        DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in)));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)));
        PrintStream hostErr = System.err;
        System.setOut(hostErr);
        System.setIn(InputStream.nullInputStream());

        Method execute = entryPoint(argv[0]);
        out.writeInt(HELLO);
        writeBytes(out, argv[0].getBytes(StandardCharsets.UTF_8));
        out.flush();

        for (;;) {
            int argc;
            try {
                argc = in.readInt();
            } catch (EOFException end) {
                return;
            }
            String[] args = new String[argc];
            for (int i = 0; i < argc; i++) args[i] = new String(readBytes(in), StandardCharsets.UTF_8);
            byte[] stdin = readBytes(in);

            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            System.setIn(new ByteArrayInputStream(stdin));
            System.setOut(new PrintStream(stdout, true));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            int code;
            try {
                code = (Integer) execute.invoke(null, (Object) args);
            } catch (InvocationTargetException e) {
                code = 1;
                e.getCause().printStackTrace();
            } catch (ReflectiveOperationException | RuntimeException | Error e) {
                code = 1;
                e.printStackTrace();
            } finally {
                System.out.flush();
                System.err.flush();
                System.setIn(InputStream.nullInputStream());
                System.setOut(hostErr);
                System.setErr(hostErr);
            }
            out.writeInt(RESPONSE);
            out.writeInt(code);
            writeBytes(out, stdout.toByteArray());
            writeBytes(out, stderr.toByteArray());
            out.flush();
        }
    }

    /** `public static int execute(String...)` of the main class, or exit 2 saying why not. */
    private static Method entryPoint(String mainClass) {
        try {
            Method m = Class.forName(mainClass).getMethod("execute", String[].class);
            if (!Modifier.isStatic(m.getModifiers()) || m.getReturnType() != int.class) throw new NoSuchMethodException(mainClass + ".execute is not static int");
            return m;
        } catch (ReflectiveOperationException | LinkageError e) {
            System.err.println("SopHost: cannot use " + mainClass + ".execute(String...): " + e);
            System.exit(2);
            return null;
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) throw new IOException("negative length " + n);
        byte[] b = in.readNBytes(n);
        if (b.length != n) throw new EOFException("input ended inside a request");
        return b;
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }
}
