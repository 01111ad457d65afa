package org.medbroker.connectors.dicom.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Encapsulated Pixel Data (PS3.5 A.4): a sequence of items whose first is the Basic Offset Table
 * (possibly empty) and whose others are fragments of the compressed frames. Each item is a
 * {@code byte[]} or a {@link BulkData} reference into a file.
 */
public final class Fragments {

    private final VR vr;
    private final List<Object> items = new ArrayList<>();

    public Fragments(VR vr) {
        this.vr = Objects.requireNonNull(vr, "vr");
    }

    public VR vr() {
        return vr;
    }

    public Fragments add(byte[] item) {
        items.add(Objects.requireNonNull(item));
        return this;
    }

    public Fragments add(BulkData item) {
        items.add(Objects.requireNonNull(item));
        return this;
    }

    /** Item {@code index}: a {@code byte[]} or a {@link BulkData}; index 0 is the Basic Offset Table. */
    public Object get(int index) {
        return items.get(index);
    }

    public int size() {
        return items.size();
    }

    public List<Object> items() {
        return Collections.unmodifiableList(items);
    }

    /** Length of item {@code index} in bytes, without its 8-byte item header. */
    public long itemLength(int index) {
        Object item = items.get(index);
        return item instanceof byte[] bytes ? bytes.length : ((BulkData) item).length();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Fragments other) || vr != other.vr || items.size() != other.items.size()) {
            return false;
        }
        for (int i = 0; i < items.size(); i++) {
            Object a = items.get(i);
            Object b = other.items.get(i);
            boolean same = a instanceof byte[] x && b instanceof byte[] y ? Arrays.equals(x, y) : a.equals(b);
            if (!same) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return vr.hashCode() * 31 + items.size();
    }

    @Override
    public String toString() {
        return "Fragments[" + vr + ", " + items.size() + " items]";
    }
}
