package vgtrace.core.os;

import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.util.EnumSet;
import java.util.Set;

/** Anonymous shared memory files ({@code memfd_create}): guest RAM and shared buffers in vhost-user. */
public final class MemFd {

    /** File seals (fcntl F_ADD_SEALS). */
    public enum Seal {
        SEAL(1), SHRINK(2), GROW(4), WRITE(8);

        private final int bit;

        Seal(int bit) {
            this.bit = bit;
        }
    }

    private static final int MFD_CLOEXEC = 1, MFD_ALLOW_SEALING = 2, F_ADD_SEALS = 1033, F_GET_SEALS = 1034;
    private static final Syscall MEMFD_CREATE = Syscall.of("memfd_create", ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT);
    private static final Syscall FTRUNCATE = Syscall.of("ftruncate", ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG);
    private static final Syscall LSEEK = Syscall.of("lseek", ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT);
    private static final int SEEK_END = 2;

    private MemFd() {
    }

    /**
     * A new memfd of {@code size} zero bytes. {@code sealable} allows {@link #seal} later (for example to
     * promise a peer that the size will not change under its mapping).
     */
    public static Fd create(String name, long size, boolean sealable) throws NativeException {
        Fd fd;
        try (Arena arena = Arena.ofConfined()) {
            fd = Fd.adopt(MEMFD_CREATE.callInt(name, arena.allocateFrom(name), MFD_CLOEXEC | (sealable ? MFD_ALLOW_SEALING : 0)));
        }
        try {
            FTRUNCATE.call(name, fd.get(), size);
            return fd;
        } catch (NativeException e) {
            fd.close();
            throw e;
        }
    }

    public static void seal(Fd fd, Set<Seal> seals) throws NativeException {
        fd.fcntl(F_ADD_SEALS, seals.stream().mapToInt(s -> s.bit).reduce(0, (a, b) -> a | b));
    }

    public static Set<Seal> seals(Fd fd) throws NativeException {
        int bits = fd.fcntl(F_GET_SEALS, 0);
        EnumSet<Seal> set = EnumSet.noneOf(Seal.class);
        for (Seal s : Seal.values()) if ((bits & s.bit) != 0) set.add(s);
        return set;
    }

    /** The file's size (of any seekable fd, such as a received memfd). */
    public static long size(Fd fd) throws NativeException {
        return LSEEK.call(fd.toString(), fd.get(), 0L, SEEK_END);
    }
}
