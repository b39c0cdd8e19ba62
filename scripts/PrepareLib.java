import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Run by the cli module's build on {@code target/lib} (java PrepareLib.java DIR): readies the jars the
 * launcher runs for a quick start (docs/sql.md, Start-up latency). A jar already ready is left alone.
 * <ul>
 * <li>Class files older than version 50 (picocli's are 49) become version 52, with the stack maps
 * that version needs: Java 25's AOT cache skips old classes (JDK 26 keeps them, JDK-8317269), so
 * picocli's 180 classes were read from the jar and verified at every start.
 * <li>DuckDB's Linux native libraries leave its JDBC jar for the directory beside it: its loader
 * unpacks the library it finds in the jar (70 MB) to a temporary file at every start, and loads
 * the one beside the jar when the jar has none.
 * </ul>
 */
public final class PrepareLib {

    /** Class files from this version on carry stack maps; the AOT cache of Java 25 keeps only those. */
    private static final int OLD_MAJOR = 50;
    private static final int NEW_MAJOR = 52;

    public static void main(String[] args) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(args[0]))) {
            for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                boolean duckdb = jar.getFileName().toString().startsWith("duckdb_jdbc-");
                if (!(duckdb ? hasLinuxLibraries(jar) : hasOldClasses(jar))) continue;
                Map<String, byte[]> entries = read(jar);
                write(jar, duckdb ? withoutLinuxLibraries(jar, entries) : modernized(entries));
            }
        }
    }

    private static boolean hasLinuxLibraries(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().anyMatch(e -> isLinuxLibrary(e.getName()));
        }
    }

    /** Reads only each class file's header: a build reads every jar, JavaFX's are large. */
    private static boolean hasOldClasses(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : zip.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                try (InputStream in = zip.getInputStream(e)) {
                    if (isOld(in.readNBytes(8))) return true;
                }
            }
            return false;
        }
    }

    private static boolean isLinuxLibrary(String entry) {
        return entry.startsWith("libduckdb_java.so_linux_");
    }

    /** The entries without DuckDB's Linux libraries, which are written beside the jar. */
    private static Map<String, byte[]> withoutLinuxLibraries(Path jar, Map<String, byte[]> entries) throws IOException {
        Map<String, byte[]> kept = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            if (isLinuxLibrary(e.getKey())) {
                Files.write(jar.resolveSibling(e.getKey()), e.getValue());
            } else {
                kept.put(e.getKey(), e.getValue());
            }
        }
        return kept;
    }

    /** The entries with each old class file rebuilt as version 52. */
    private static Map<String, byte[]> modernized(Map<String, byte[]> entries) {
        ClassFile cf = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver()
                .orElse(ClassHierarchyResolver.ofResourceParsing(c -> {
                    String d = c.descriptorString();
                    byte[] b = entries.get(d.substring(1, d.length() - 1) + ".class");
                    return b == null ? null : new ByteArrayInputStream(b);
                }))));
        // Rewriting every method body makes the class-file library generate the stack maps it needs.
        ClassTransform toNew = ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                .andThen(ClassTransform.endHandler(b -> b.withVersion(NEW_MAJOR, 0)));
        Map<String, byte[]> rebuilt = new LinkedHashMap<>();
        entries.forEach((name, bytes) -> rebuilt.put(name,
                name.endsWith(".class") && isOld(bytes) ? cf.transformClass(cf.parse(bytes), toNew) : bytes));
        return rebuilt;
    }

    private static boolean isOld(byte[] classFile) {
        return classFile.length >= 8 && ((classFile[6] & 0xff) << 8 | classFile[7] & 0xff) < OLD_MAJOR;
    }

    private static Map<String, byte[]> read(Path jar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) entries.put(e.getName(), in.readAllBytes());
        }
        return entries;
    }

    /** Replaces {@code jar} through a temporary file, so that a failed build never leaves half a jar. */
    private static void write(Path jar, Map<String, byte[]> entries) throws IOException {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
    }
}
