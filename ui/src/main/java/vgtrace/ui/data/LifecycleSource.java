package vgtrace.ui.data;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Resource and blob lifetimes in creation order, read a page at a time. */
public interface LifecycleSource {

    /** How many resource generations the trace has. */
    long count();

    /** From the first create to the last unref (or the trace's end); empty when there are no resources. */
    Optional<TimeWindow> span();

    /** Rows {@code offset} to {@code offset + limit} in creation order. */
    List<Lifetime> rows(long offset, int limit);

    /** The row of the resource generation that message {@code seq} acts on, if it names one. */
    OptionalLong rowOf(long seq);
}
