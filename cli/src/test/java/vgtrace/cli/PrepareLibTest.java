package vgtrace.cli;

import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.lang.classfile.ClassFile;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.ConstantDescs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.*;

/**
 * scripts/PrepareLib.java on a copy of the Arrow jar this build uses: Arrow's {@code Schema} then makes
 * its JSON reader lazily, and a JVM running the rewritten jar still reads and writes a schema's JSON.
 */
class PrepareLibTest {

    /** Run in a JVM whose classpath has the rewritten Arrow jar: a schema's JSON round trip. */
    public static void main(String[] args) throws Exception {
        Schema schema = new Schema(List.of(Field.nullable("seq", new ArrowType.Int(64, true)),
                Field.nullable("kind", ArrowType.Utf8.INSTANCE)), Map.of("format", "4"));
        if (!Schema.fromJSON(schema.toJson()).equals(schema)) throw new AssertionError("round trip changed " + schema);
        System.out.print("round trip of " + Schema.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    }

    @Test
    void arrowsSchemaReaderIsMadeLazilyAndStillReadsJson(@TempDir Path dir) throws Exception {
        Path original = Path.of(Schema.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = Files.copy(original, dir.resolve(original.getFileName()));
        Path script = CliRun.repo().resolve("scripts/PrepareLib.java");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process prepare = new ProcessBuilder(java, script.toString(), dir.toString()).redirectErrorStream(true).start();
        String out = new String(prepare.getInputStream().readAllBytes());
        assertEquals(0, prepare.waitFor(), out);

        List<String> clinitCalls;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            byte[] bytes = zip.getInputStream(zip.getEntry("org/apache/arrow/vector/types/pojo/Schema.class")).readAllBytes();
            clinitCalls = ClassFile.of().parse(bytes).methods().stream()
                    .filter(m -> m.methodName().equalsString(ConstantDescs.CLASS_INIT_NAME))
                    .flatMap(m -> m.code().orElseThrow().elementStream())
                    .filter(e -> e instanceof InvokeInstruction).map(e -> ((InvokeInstruction) e).name().stringValue()).toList();
        }
        assertFalse(clinitCalls.contains("readerFor"), clinitCalls::toString);
        assertTrue(clinitCalls.containsAll(List.of("reader", "without", "forType")), clinitCalls::toString);

        String classpath = jar + File.pathSeparator + Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> !Path.of(p).toAbsolutePath().equals(original.toAbsolutePath())).collect(Collectors.joining(File.pathSeparator));
        Process check = new ProcessBuilder(java, "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", classpath,
                PrepareLibTest.class.getName()).redirectErrorStream(true).start();
        String result = new String(check.getInputStream().readAllBytes());
        assertEquals(0, check.waitFor(), result);
        assertTrue(result.endsWith("round trip of " + jar.toUri().getPath()), result);
    }
}
