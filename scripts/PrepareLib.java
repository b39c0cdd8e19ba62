import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeElement;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
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
 * <li>Arrow's {@code Schema} builds, as its class initializes, a Jackson reader for its JSON form with
 * the deserializers of every Arrow type fetched at once (Jackson's EAGER_DESERIALIZER_FETCH): 150-190
 * ms of every start that reads a trace, for JSON no command reads. The reader is now made with that
 * feature off, so Jackson fetches them on a first {@code Schema.fromJSON}, as it would for any reader.
 * </ul>
 */
public final class PrepareLib {

    /** Class files from this version on carry stack maps; the AOT cache of Java 25 keeps only those. */
    private static final int OLD_MAJOR = 50;
    private static final int NEW_MAJOR = 52;

    public static void main(String[] args) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(args[0]))) {
            for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                String name = jar.getFileName().toString();
                if (name.startsWith("duckdb_jdbc-")) {
                    if (hasLinuxLibraries(jar)) write(jar, withoutLinuxLibraries(jar, read(jar)));
                } else if (name.startsWith("arrow-vector-")) {
                    Map<String, byte[]> entries = read(jar);
                    byte[] schema = entries.get(ARROW_SCHEMA);
                    if (schema != null && readsEagerly(schema)) {
                        entries.put(ARROW_SCHEMA, withLazyReader(schema));
                        write(jar, entries);
                    }
                } else if (hasOldClasses(jar)) {
                    write(jar, modernized(read(jar)));
                }
            }
        }
    }

    private static final String ARROW_SCHEMA = "org/apache/arrow/vector/types/pojo/Schema.class";
    private static final ClassDesc OBJECT_MAPPER = ClassDesc.of("com.fasterxml.jackson.databind.ObjectMapper");
    private static final ClassDesc OBJECT_READER = ClassDesc.of("com.fasterxml.jackson.databind.ObjectReader");
    private static final ClassDesc FEATURE = ClassDesc.of("com.fasterxml.jackson.databind.DeserializationFeature");

    private static boolean isReaderFor(CodeElement e) {
        return e instanceof InvokeInstruction i && i.opcode() == Opcode.INVOKEVIRTUAL
                && i.owner().asSymbol().equals(OBJECT_MAPPER) && i.name().equalsString("readerFor")
                && i.typeSymbol().equals(MethodTypeDesc.of(OBJECT_READER, ConstantDescs.CD_Class));
    }

    private static boolean readsEagerly(byte[] classFile) {
        return ClassFile.of().parse(classFile).methods().stream()
                .filter(m -> m.methodName().equalsString(ConstantDescs.CLASS_INIT_NAME))
                .flatMap(m -> m.code().stream()).flatMap(c -> c.elementStream()).anyMatch(PrepareLib::isReaderFor);
    }

    /**
     * {@code mapper.readerFor(type)} in the class initializer becomes
     * {@code mapper.reader().without(EAGER_DESERIALIZER_FETCH).forType(type)}: the same reader, less
     * its deserializer fetched ahead.
     */
    private static byte[] withLazyReader(byte[] classFile) {
        CodeTransform lazy = (code, e) -> {
            if (!isReaderFor(e)) {
                code.with(e);
                return;
            }
            code.swap()                                                                   // type, mapper
                    .invokevirtual(OBJECT_MAPPER, "reader", MethodTypeDesc.of(OBJECT_READER))
                    .getstatic(FEATURE, "EAGER_DESERIALIZER_FETCH", FEATURE)
                    .invokevirtual(OBJECT_READER, "without", MethodTypeDesc.of(OBJECT_READER, FEATURE))
                    .swap()                                                               // reader, type
                    .invokevirtual(OBJECT_READER, "forType", MethodTypeDesc.of(OBJECT_READER, ConstantDescs.CD_Class));
        };
        ClassFile cf = ClassFile.of();
        return cf.transformClass(cf.parse(classFile), ClassTransform.transformingMethodBodies(
                m -> m.methodName().equalsString(ConstantDescs.CLASS_INIT_NAME), lazy));
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
