package vgtrace.core.protocol;

import java.util.Objects;

/** The argument checks the message records share; failures are {@link IllegalArgumentException}s. */
final class Require {

    private Require() {
    }

    /** The header must be present and name the record's own type. */
    static void type(CtrlHeader header, CtrlType expected) {
        Objects.requireNonNull(header, "header");
        if (header.type() != expected.code()) {
            throw new IllegalArgumentException(expected + " record with a " + CtrlType.nameOf(header.type())
                    + " header");
        }
    }

    static void length(byte[] array, int length, String field) {
        Objects.requireNonNull(array, field);
        if (array.length != length) {
            throw new IllegalArgumentException(field + " holds " + length + " bytes, got " + array.length);
        }
    }

    static void length(int[] array, int length, String field) {
        Objects.requireNonNull(array, field);
        if (array.length != length) {
            throw new IllegalArgumentException(field + " holds " + length + " values, got " + array.length);
        }
    }

    /** A u32 count field must equal the number of items that follow it on the wire. */
    static void count(int countField, int items, String field) {
        if (Integer.toUnsignedLong(countField) != items) {
            throw new IllegalArgumentException(field + "=" + Integer.toUnsignedString(countField) + " but "
                    + items + " follow");
        }
    }
}
