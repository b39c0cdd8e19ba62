package vgtrace.ui;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import vgtrace.ui.data.MessageRef;

/**
 * The one selected message, shared by every view: the timeline marks it, the inspector shows it,
 * the lifecycle view highlights the resource it names. Also carries "show it on the timeline".
 */
public final class LinkedSelection {

    private final ObjectProperty<MessageRef> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObjectProperty<MessageRef> revealOnTimeline = new SimpleObjectProperty<>(this, "revealOnTimeline");

    public ObjectProperty<MessageRef> selectedProperty() {
        return selected;
    }

    public MessageRef selected() {
        return selected.get();
    }

    public void select(long seq, long tsNs) {
        selected.set(new MessageRef(seq, tsNs));
    }

    /** Requests that the timeline centre on the selection and come to the front. */
    public ObjectProperty<MessageRef> revealOnTimelineProperty() {
        return revealOnTimeline;
    }

    public void revealOnTimeline(long seq, long tsNs) {
        select(seq, tsNs);
        revealOnTimeline.set(new MessageRef(seq, tsNs));
    }
}
