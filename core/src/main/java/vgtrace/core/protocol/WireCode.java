package vgtrace.core.protocol;

/** An enum constant for one wire value, so that the naming enums share {@link #nameOf}. */
interface WireCode {

    int code();

    /** The name of the constant with this code, or the code in decimal when none has it. */
    static <E extends Enum<E> & WireCode> String nameOf(E[] values, int code) {
        for (E e : values) {
            if (e.code() == code) return e.name();
        }
        return Integer.toUnsignedString(code);
    }
}
