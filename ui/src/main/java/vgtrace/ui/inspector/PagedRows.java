package vgtrace.ui.inspector;

import javafx.collections.ObservableListBase;
import vgtrace.ui.data.MessageFilter;
import vgtrace.ui.data.MessagePage;
import vgtrace.ui.data.MessageRow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A read-only list of every row matching a filter that holds only the pages a TableView asks for:
 * its size comes from one count, {@link #get} reads a page of {@value #PAGE} rows on a miss, and at
 * most {@value #PAGES_KEPT} pages stay cached. A new filter is a new list.
 */
final class PagedRows extends ObservableListBase<MessageRow> {

    static final int PAGE = 256;
    static final int PAGES_KEPT = 32;

    private final MessagePage source;
    private final MessageFilter filter;
    private final int size;
    private final Map<Long, List<MessageRow>> pages = new LinkedHashMap<>(PAGES_KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, List<MessageRow>> eldest) {
            return size() > PAGES_KEPT;
        }
    };

    PagedRows(MessagePage source, MessageFilter filter) {
        this.source = source;
        this.filter = filter;
        this.size = (int) Math.min(Integer.MAX_VALUE, source.count(filter));
    }

    MessageFilter filter() {
        return filter;
    }

    @Override
    public MessageRow get(int index) {
        if (index < 0 || index >= size) throw new IndexOutOfBoundsException(index);
        long page = index / PAGE;
        List<MessageRow> rows = pages.computeIfAbsent(page, p -> source.rows(filter, p * PAGE, PAGE));
        int at = index % PAGE;
        // Rows can only go missing if the database changed under us (a console DELETE): show a gap.
        return at < rows.size() ? rows.get(at) : null;
    }

    @Override
    public int size() {
        return size;
    }

    /** Pages held now (for tests: the list never holds the trace). */
    int cachedPages() {
        return pages.size();
    }
}
