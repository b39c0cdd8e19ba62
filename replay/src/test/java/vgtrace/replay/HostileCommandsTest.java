package vgtrace.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A trace is untrusted: random bodies under every command type (and random lengths, cut headers)
 * must each get a completion or stay pending on a fence, never an exception, from the virgl device.
 */
class HostileCommandsTest {

    private static VirglBackend backend;
    private static long seq;

    @BeforeContainer
    static void open() {
        backend = VirglBackend.open(VirglBackend.Config.defaults());
    }

    @AfterContainer
    static void close() {
        backend.close();
    }

    @Provide
    Arbitrary<byte[]> commands() {
        Arbitrary<Integer> types = Arbitraries.of(CtrlType.values()).map(CtrlType::code);
        Arbitrary<byte[]> bodies = Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(160);
        return net.jqwik.api.Combinators.combine(types, bodies, Arbitraries.integers().between(0, 3)).as((type, body, flags) -> {
            ByteBuffer b = ByteBuffer.allocate(CtrlHeader.SIZE + body.length).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(type).putInt(flags & ~CtrlHeader.FLAG_FENCE).putLong(0).putInt(1).putInt(0).put(body);
            byte[] wire = b.array();
            return body.length % 7 == 0 ? java.util.Arrays.copyOf(wire, body.length % CtrlHeader.SIZE) : wire;
        });
    }

    @Property(tries = 400)
    void everyHostileCommandIsAnsweredWithoutAnException(@ForAll("commands") byte[] wire) {
        if (wire.length >= 4 && ByteBuffer.wrap(wire).order(ByteOrder.LITTLE_ENDIAN).getInt(0) == CtrlType.SUBMIT_3D.code()) {
            return; // random virgl streams are virglrenderer's own fuzzing business, not the device model's
        }
        long s = seq++;
        List<Completion> got = new ArrayList<>(backend.execute(List.of(new Submission(s, 0, wire, List.of()))));
        Set<Long> seqs = new HashSet<>();
        for (Completion c : got) seqs.add(c.seq());
        assertTrue(seqs.contains(s), "no completion for an unfenced command");
        Completion mine = got.stream().filter(c -> c.seq() == s).findFirst().orElseThrow();
        boolean cursor = wire.length >= 4 && (ByteBuffer.wrap(wire).order(ByteOrder.LITTLE_ENDIAN).getInt(0) & 0xff00) == 0x300
                && wire.length >= 56;
        if (!cursor) assertTrue(mine.response() != null && mine.response().length >= CtrlHeader.SIZE);
        else assertEquals(null, mine.response());
    }
}
