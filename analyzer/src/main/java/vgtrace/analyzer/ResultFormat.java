package vgtrace.analyzer;

/** How query results are printed. */
public enum ResultFormat {
    /** Aligned columns for a terminal, at most {@link ResultWriter#TABLE_ROW_LIMIT} rows. */
    TABLE,
    /** RFC 4180 CSV with a header line; every row. */
    CSV,
    /** A JSON array of objects, one per row; every row. */
    JSON
}
