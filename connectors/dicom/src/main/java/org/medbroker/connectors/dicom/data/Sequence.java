package org.medbroker.connectors.dicom.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * The value of an SQ element (PS3.5 7.5): an ordered list of items, each a nested {@link Attributes}
 * whose parent is the data set holding the sequence, so items inherit its Specific Character Set.
 */
public final class Sequence implements Iterable<Attributes> {

    private final Attributes parent;
    private final List<Attributes> items = new ArrayList<>(2);

    Sequence(Attributes parent) {
        this.parent = parent;
    }

    /** Appends a new empty item and returns it. */
    public Attributes addItem() {
        Attributes item = new Attributes(parent);
        items.add(item);
        return item;
    }

    /** Appends {@code item}, which must not belong to another data set yet. */
    public Sequence add(Attributes item) {
        item.attachTo(parent);
        items.add(item);
        return this;
    }

    public Attributes get(int index) {
        return items.get(index);
    }

    public int size() {
        return items.size();
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    public List<Attributes> items() {
        return Collections.unmodifiableList(items);
    }

    @Override
    public Iterator<Attributes> iterator() {
        return items().iterator();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sequence other && items.equals(other.items);
    }

    @Override
    public int hashCode() {
        return items.hashCode();
    }

    @Override
    public String toString() {
        return "Sequence[" + items.size() + " items]";
    }
}
