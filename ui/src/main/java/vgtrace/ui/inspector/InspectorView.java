package vgtrace.ui.inspector;

import vgtrace.core.protocol.HexDump;
import javafx.geometry.Pos;
import javafx.css.PseudoClass;
import javafx.scene.control.TableRow;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import vgtrace.ui.LinkedSelection;
import vgtrace.ui.TimeText;
import vgtrace.ui.data.DataAccessException;
import vgtrace.ui.data.MessageDetail;
import vgtrace.ui.data.MessageFilter;
import vgtrace.ui.data.MessagePage;
import vgtrace.ui.data.MessageRef;
import vgtrace.ui.data.MessageRow;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The command inspector: a filterable, virtualized message table paged from SQL, and for the selected
 * row its decoded fields as a tree, its bytes in hex, a link to its paired message and one to the
 * timeline.
 */
public final class InspectorView extends BorderPane {

    static final String ANY_TYPE = "any type";
    /** Rows of failed messages: coloured by the style sheets. */
    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");
    private static final int HEX_LIMIT = 64 * 1024;

    private final MessagePage source;
    private final LinkedSelection selection;
    private final Consumer<String> status;
    private final long originNs;
    private final TableView<MessageRow> table = new TableView<>();
    private final ComboBox<String> type = new ComboBox<>();
    private final CheckBox errorsOnly = new CheckBox("errors only");
    private final TextField predicate = new TextField();
    private final Label count = new Label();
    private final Label title = new Label("Select a message");
    private final TreeView<String> fields = new TreeView<>();
    private final TextArea hex = new TextArea();
    private final Button partner = new Button("Paired message");
    private final Button toTimeline = new Button("Show on timeline");
    private MessageDetail shown;
    private boolean following;

    public InspectorView(MessagePage source, long originNs, LinkedSelection selection, Consumer<String> status) {
        this.source = source;
        this.originNs = originNs;
        this.selection = selection;
        this.status = status;
        setTop(filterBar());
        SplitPane detail = new SplitPane(fields, hex);
        detail.setOrientation(Orientation.VERTICAL);
        detail.setDividerPositions(0.55);
        HBox actions = new HBox(8, partner, toTimeline);
        VBox right = new VBox(6, title, actions, detail);
        right.setPadding(new Insets(6));
        VBox.setVgrow(detail, Priority.ALWAYS);
        SplitPane split = new SplitPane(table, right);
        split.setDividerPositions(0.58);
        setCenter(split);
        hex.setEditable(false);
        hex.getStyleClass().add("hex");
        title.getStyleClass().add("detail-title");
        title.setWrapText(true);
        partner.setDisable(true);
        toTimeline.setDisable(true);
        columns();
        table.setFixedCellSize(22);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> {
            if (row == null) return;
            showDetail(row.seq());
            if (!following) selection.select(row.seq(), row.tsNs());
        });
        selection.selectedProperty().addListener((o, a, ref) -> {
            if (ref != null) follow(ref);
        });
        partner.setOnAction(e -> {
            if (shown != null && shown.partner().isPresent()) {
                long seq = shown.partner().getAsLong();
                source.detail(seq).ifPresent(d -> selection.select(seq, d.row().tsNs()));
            }
        });
        toTimeline.setOnAction(e -> {
            if (shown != null) selection.revealOnTimeline(shown.row().seq(), shown.row().tsNs());
        });
        type.getItems().add(ANY_TYPE);
        type.getItems().addAll(source.typeNames());
        type.getSelectionModel().selectFirst();
        apply();
    }

    private HBox filterBar() {
        predicate.setPromptText("SQL filter on trace columns, e.g. ctx_id = 2 AND fence_id > 100");
        HBox.setHgrow(predicate, Priority.ALWAYS);
        Button apply = new Button("Filter");
        apply.setOnAction(e -> apply());
        predicate.setOnAction(e -> apply());
        type.setOnAction(e -> apply());
        errorsOnly.setOnAction(e -> apply());
        HBox bar = new HBox(8, type, errorsOnly, predicate, apply, count);
        bar.setPadding(new Insets(6));
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private void columns() {
        List<TableColumn<MessageRow, ?>> cols = new ArrayList<>();
        cols.add(column("seq", 70, MessageRow::seq));
        cols.add(column("time", 90, r -> TimeText.duration(r.tsNs() - originNs)));
        cols.add(column("kind", 80, MessageRow::kind));
        cols.add(column("type", 190, MessageRow::typeName));
        cols.add(column("ctx", 45, MessageRow::ctxId));
        cols.add(column("ring", 45, MessageRow::ringIdx));
        cols.add(column("fence", 60, r -> r.fenceId() == null ? null : Long.toUnsignedString(r.fenceId())));
        cols.add(column("res", 50, MessageRow::resourceId));
        cols.add(column("pair", 70, MessageRow::pairSeq));
        for (TableColumn<MessageRow, ?> c : cols) c.setSortable(false);
        table.getColumns().setAll(cols);
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(MessageRow row, boolean empty) {
                super.updateItem(row, empty);
                pseudoClassStateChanged(ERROR, !empty && row != null && row.error());
            }
        });
    }

    private static <T> TableColumn<MessageRow, T> column(String name, double width, Function<MessageRow, T> value) {
        TableColumn<MessageRow, T> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue() == null ? null : value.apply(f.getValue())));
        return c;
    }

    /** The filter the controls describe. */
    MessageFilter filter() {
        String t = type.getValue();
        return new MessageFilter(t == null || t.equals(ANY_TYPE) ? null : t, errorsOnly.isSelected(), predicate.getText());
    }

    /** Shows the rows matching the controls' filter. */
    public void apply() {
        try {
            PagedRows rows = new PagedRows(source, filter());
            table.setItems(rows);
            count.setText(String.format("%,d rows", rows.size()));
            MessageRef ref = selection.selected();
            if (ref != null) follow(ref);
        } catch (DataAccessException e) {
            status.accept("filter: " + e.getMessage());
        }
    }

    /** Shows the given filter (for tests and for other views that want a subset). */
    public void filter(String typeName, boolean errors, String sqlPredicate) {
        type.setValue(typeName == null ? ANY_TYPE : typeName);
        errorsOnly.setSelected(errors);
        predicate.setText(sqlPredicate);
        apply();
    }

    /** Selects and scrolls to a row chosen elsewhere, if the filter shows it. */
    private void follow(MessageRef ref) {
        MessageRow current = table.getSelectionModel().getSelectedItem();
        if (current != null && current.seq() == ref.seq()) return;
        try {
            OptionalLong index = source.indexOf(((PagedRows) table.getItems()).filter(), ref.seq());
            following = true;
            if (index.isPresent()) {
                int i = (int) index.getAsLong();
                table.getSelectionModel().clearAndSelect(i);
                table.scrollTo(Math.max(0, i - 3));
            } else {
                table.getSelectionModel().clearSelection();
                showDetail(ref.seq());
            }
        } catch (DataAccessException e) {
            status.accept("inspector: " + e.getMessage());
        } finally {
            following = false;
        }
    }

    private void showDetail(long seq) {
        try {
            shown = source.detail(seq).orElse(null);
        } catch (DataAccessException e) {
            status.accept("inspector: " + e.getMessage());
            shown = null;
        }
        if (shown == null) {
            title.setText("No message #" + seq);
            fields.setRoot(null);
            hex.clear();
            partner.setDisable(true);
            toTimeline.setDisable(true);
            return;
        }
        MessageRow r = shown.row();
        title.setText("#" + r.seq() + "  " + r.kind() + " " + (r.typeName() == null ? "" : r.typeName()) + "  at "
                + TimeText.duration(r.tsNs() - originNs) + (shown.text() == null ? "" : "  (" + shown.text() + ")"));
        fields.setRoot(FieldTree.of(r.kind(), shown.payload(), shown.columns()));
        hex.setText(HexDump.format(shown.payload(), "", HEX_LIMIT));
        partner.setDisable(shown.partner().isEmpty());
        partner.setText(shown.partner().isEmpty() ? "No paired message"
                : (r.kind().equals("COMMAND") ? "Response #" : "Command #") + shown.partner().getAsLong());
        toTimeline.setDisable(false);
    }

    public TableView<MessageRow> table() {
        return table;
    }

    public TreeView<String> fields() {
        return fields;
    }

    public TextArea hex() {
        return hex;
    }

    public Button partnerButton() {
        return partner;
    }
}
