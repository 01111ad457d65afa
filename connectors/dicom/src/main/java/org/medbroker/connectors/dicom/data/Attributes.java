package org.medbroker.connectors.dicom.data;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A DICOM data set (PS3.5 7): data elements kept in ascending tag order, each a tag, a VR and a value.
 *
 * <p>A value is one of: a {@code byte[]} holding the encoded value in little endian byte order
 * (readers of big endian syntaxes swap binary values on the way in), a {@link Sequence}, a
 * {@link Fragments} (encapsulated pixel data) or a {@link BulkData} reference to a region of a file.
 * Typed getters and setters convert between these bytes and Java values; string values are decoded
 * and encoded with this data set's {@link #specificCharacterSet()}, so set (0008,0005) first.
 *
 * <p>Not thread-safe. Items of a {@link Sequence} are {@code Attributes} whose {@link #parent()} is
 * the data set holding the sequence.
 */
public final class Attributes {

    private static final byte[] EMPTY = new byte[0];

    private Attributes parent;
    private int[] tags;
    private VR[] vrs;
    private Object[] values;
    private int size;
    private SpecificCharacterSet charset;

    public Attributes() {
        this(null, 16);
    }

    public Attributes(int initialCapacity) {
        this(null, initialCapacity);
    }

    Attributes(Attributes parent) {
        this(parent, 8);
    }

    private Attributes(Attributes parent, int initialCapacity) {
        this.parent = parent;
        int capacity = Math.max(initialCapacity, 4);
        this.tags = new int[capacity];
        this.vrs = new VR[capacity];
        this.values = new Object[capacity];
    }

    void attachTo(Attributes newParent) {
        if (parent != null && parent != newParent) {
            throw new IllegalStateException("item already belongs to another data set");
        }
        parent = newParent;
    }

    /** The data set holding the sequence this item belongs to, or null for a top-level data set. */
    public Attributes parent() {
        return parent;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Tag of the element at {@code index} in ascending tag order; with {@link #vrAt} and {@link #valueAt} for iteration. */
    public int tagAt(int index) {
        Objects.checkIndex(index, size);
        return tags[index];
    }

    public VR vrAt(int index) {
        Objects.checkIndex(index, size);
        return vrs[index];
    }

    /** A {@code byte[]}, {@link Sequence}, {@link Fragments} or {@link BulkData}. */
    public Object valueAt(int index) {
        Objects.checkIndex(index, size);
        return values[index];
    }

    /** Index of {@code tag}, or {@code -(insertion point) - 1} as {@link Arrays#binarySearch}. */
    public int indexOf(int tag) {
        if (size > 0 && tags[size - 1] == tag) {
            return size - 1;
        }
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int cmp = Integer.compareUnsigned(tags[mid], tag);
            if (cmp < 0) {
                low = mid + 1;
            } else if (cmp > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }

    public boolean contains(int tag) {
        return indexOf(tag) >= 0;
    }

    /** VR of {@code tag}, or null if absent. */
    public VR getVR(int tag) {
        int i = indexOf(tag);
        return i < 0 ? null : vrs[i];
    }

    /** The raw value of {@code tag} (see the class comment), or null if absent. */
    public Object getValue(int tag) {
        int i = indexOf(tag);
        return i < 0 ? null : values[i];
    }

    /** Puts an element, replacing any with the same tag; {@code value} as described in the class comment. */
    public Attributes setValue(int tag, VR vr, Object value) {
        Objects.requireNonNull(vr, "vr");
        Objects.requireNonNull(value, "value");
        if (!(value instanceof byte[] || value instanceof Sequence || value instanceof Fragments
                || value instanceof BulkData)) {
            throw new IllegalArgumentException("unsupported value type " + value.getClass().getName());
        }
        if (tag == Tag.SpecificCharacterSet) {
            charset = null;
        }
        int i = indexOf(tag);
        if (i >= 0) {
            vrs[i] = vr;
            values[i] = value;
            return this;
        }
        int at = -i - 1;
        if (size == tags.length) {
            int capacity = size * 2;
            tags = Arrays.copyOf(tags, capacity);
            vrs = Arrays.copyOf(vrs, capacity);
            values = Arrays.copyOf(values, capacity);
        }
        if (at < size) {
            System.arraycopy(tags, at, tags, at + 1, size - at);
            System.arraycopy(vrs, at, vrs, at + 1, size - at);
            System.arraycopy(values, at, values, at + 1, size - at);
        }
        tags[at] = tag;
        vrs[at] = vr;
        values[at] = value;
        size++;
        return this;
    }

    /** Removes {@code tag}; returns whether it was present. */
    public boolean remove(int tag) {
        int i = indexOf(tag);
        if (i < 0) {
            return false;
        }
        if (tag == Tag.SpecificCharacterSet) {
            charset = null;
        }
        System.arraycopy(tags, i + 1, tags, i, size - i - 1);
        System.arraycopy(vrs, i + 1, vrs, i, size - i - 1);
        System.arraycopy(values, i + 1, values, i, size - i - 1);
        size--;
        values[size] = null;
        return true;
    }

    /**
     * Copies every element of {@code other} into this data set, replacing elements with the same tag;
     * byte values and bulk references are shared, sequences are copied item by item.
     */
    public Attributes addAll(Attributes other) {
        for (int i = 0; i < other.size; i++) {
            Object value = other.values[i];
            if (value instanceof Sequence seq) {
                Sequence copy = newSequence(other.tags[i]);
                for (Attributes item : seq) {
                    copy.addItem().addAll(item);
                }
            } else {
                setValue(other.tags[i], other.vrs[i], value);
            }
        }
        return this;
    }

    // ---- character set

    /** The character set of this data set's (0008,0005), else its parent's, else the default repertoire. */
    public SpecificCharacterSet specificCharacterSet() {
        SpecificCharacterSet cs = charset;
        if (cs != null) {
            return cs;
        }
        int i = indexOf(Tag.SpecificCharacterSet);
        if (i >= 0 && values[i] instanceof byte[]) {
            charset = cs = SpecificCharacterSet.valueOf(getStrings(Tag.SpecificCharacterSet));
            return cs;
        }
        // not cached: the parent's (0008,0005) may still change
        return parent != null ? parent.specificCharacterSet() : SpecificCharacterSet.DEFAULT;
    }

    // ---- bytes

    /** The byte value of {@code tag} as stored (little endian, with any padding byte), or null. */
    public byte[] getBytes(int tag) {
        return getValue(tag) instanceof byte[] bytes ? bytes : null;
    }

    public Attributes setBytes(int tag, VR vr, byte[] value) {
        return setValue(tag, vr, value);
    }

    /** An element with an empty value, e.g. a return key of a C-FIND identifier (PS3.4 C.2.2.1.2). */
    public Attributes setNull(int tag, VR vr) {
        return setValue(tag, vr, vr == VR.SQ ? new Sequence(this) : EMPTY);
    }

    // ---- strings

    /** The first value of a string element without padding, or null if absent or empty. */
    public String getString(int tag) {
        return getString(tag, 0, null);
    }

    public String getString(int tag, String defaultValue) {
        return getString(tag, 0, defaultValue);
    }

    /** Value {@code index} of a multi-valued string element, or {@code defaultValue}. */
    public String getString(int tag, int index, String defaultValue) {
        String[] all = getStrings(tag);
        return all.length > index && !all[index].isEmpty() ? all[index] : defaultValue;
    }

    /**
     * All values of a string element, split at backslash for multi-valued VRs, with leading and
     * trailing spaces (trailing only for LT, ST, UT, UR) and NUL padding removed; an empty array if
     * the element is absent, empty or not a string.
     */
    public String[] getStrings(int tag) {
        int i = indexOf(tag);
        if (i < 0 || !(values[i] instanceof byte[] bytes) || bytes.length == 0 || !vrs[i].isString()) {
            return new String[0];
        }
        VR vr = vrs[i];
        String whole = vr.usesSpecificCharacterSet()
                ? specificCharacterSet().decode(bytes, 0, bytes.length, vr == VR.PN)
                : new String(bytes, StandardCharsets.ISO_8859_1);
        if (!vr.isMultiValuedString()) {
            return new String[] {trimTrailing(whole)};
        }
        int count = 1;
        for (int k = 0; k < whole.length(); k++) {
            if (whole.charAt(k) == '\\') {
                count++;
            }
        }
        String[] out = new String[count];
        int start = 0;
        for (int n = 0; n < count; n++) {
            int end = n == count - 1 ? whole.length() : whole.indexOf('\\', start);
            out[n] = trim(whole, start, end);
            start = end + 1;
        }
        return out;
    }

    private static String trim(String s, int start, int end) {
        while (start < end && (s.charAt(start) == ' ')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == 0)) {
            end--;
        }
        return s.substring(start, end);
    }

    private static String trimTrailing(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == 0)) {
            end--;
        }
        return s.substring(0, end);
    }

    /**
     * Sets a string element, joining {@code values} with backslash and padding to even length with the
     * VR's padding byte; LO, LT, PN, SH, ST, UC and UT are encoded with {@link #specificCharacterSet()}.
     */
    public Attributes setString(int tag, VR vr, String... values) {
        if (!vr.isString()) {
            throw new IllegalArgumentException(vr + " is not a string VR");
        }
        String joined = values.length == 1 ? Objects.requireNonNullElse(values[0], "") : joinValues(values);
        if (tag == Tag.SpecificCharacterSet) {
            charset = null;
        }
        byte[] encoded = vr.usesSpecificCharacterSet() && tag != Tag.SpecificCharacterSet
                ? specificCharacterSet().encode(joined, vr == VR.PN)
                : joined.getBytes(StandardCharsets.ISO_8859_1);
        return setValue(tag, vr, padded(encoded, vr.paddingByte()));
    }

    private static String joinValues(String[] values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append('\\');
            }
            if (values[i] != null) {
                sb.append(values[i]);
            }
        }
        return sb.toString();
    }

    private static byte[] padded(byte[] value, byte padding) {
        if ((value.length & 1) == 0) {
            return value;
        }
        byte[] out = Arrays.copyOf(value, value.length + 1);
        out[value.length] = padding;
        return out;
    }

    // ---- person names

    /** The first value of a PN element parsed into groups and components, or null if absent or empty. */
    public PersonName getPersonName(int tag) {
        String value = getString(tag);
        return value == null ? null : PersonName.parse(value);
    }

    public Attributes setPersonName(int tag, PersonName... names) {
        String[] values = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            values[i] = names[i].toString();
        }
        return setString(tag, VR.PN, values);
    }

    // ---- integers

    /** The first value of a US, SS, UL, SL, SV, UV, AT or IS element, or {@code defaultValue}. */
    public int getInt(int tag, int defaultValue) {
        int[] all = getInts(tag);
        return all.length > 0 ? all[0] : defaultValue;
    }

    /**
     * All values of an integer element: US is unsigned, SS and SL are signed, UL values above 2^31-1
     * come out negative (use {@link #getLongs}); AT values are tags; IS values are parsed.
     */
    public int[] getInts(int tag) {
        long[] longs = getLongs(tag);
        int[] out = new int[longs.length];
        for (int i = 0; i < longs.length; i++) {
            out[i] = (int) longs[i];
        }
        return out;
    }

    public long[] getLongs(int tag) {
        int i = indexOf(tag);
        if (i < 0 || !(values[i] instanceof byte[] b)) {
            return new long[0];
        }
        VR vr = vrs[i];
        switch (vr) {
            case US, SS, OW -> {
                long[] out = new long[b.length / 2];
                for (int k = 0; k < out.length; k++) {
                    int v = (b[2 * k] & 0xFF) | (b[2 * k + 1] & 0xFF) << 8;
                    out[k] = vr == VR.SS ? (short) v : v;
                }
                return out;
            }
            case UL, SL, OL -> {
                long[] out = new long[b.length / 4];
                for (int k = 0; k < out.length; k++) {
                    int v = ByteOrder.intLE(b, 4 * k);
                    out[k] = vr == VR.SL ? v : v & 0xFFFFFFFFL;
                }
                return out;
            }
            case AT -> {
                long[] out = new long[b.length / 4];
                for (int k = 0; k < out.length; k++) {
                    int group = (b[4 * k] & 0xFF) | (b[4 * k + 1] & 0xFF) << 8;
                    int element = (b[4 * k + 2] & 0xFF) | (b[4 * k + 3] & 0xFF) << 8;
                    out[k] = Tag.of(group, element) & 0xFFFFFFFFL;
                }
                return out;
            }
            case SV, UV, OV -> {
                long[] out = new long[b.length / 8];
                for (int k = 0; k < out.length; k++) {
                    out[k] = ByteOrder.longLE(b, 8 * k);
                }
                return out;
            }
            case IS -> {
                String[] s = getStrings(tag);
                long[] out = new long[s.length];
                int n = 0;
                for (String v : s) {
                    if (!v.isEmpty()) {
                        out[n++] = Long.parseLong(v.startsWith("+") ? v.substring(1) : v);
                    }
                }
                return Arrays.copyOf(out, n);
            }
            default -> {
                return new long[0];
            }
        }
    }

    /** Sets US, SS, UL, SL, AT (tags) or IS values. */
    public Attributes setInt(int tag, VR vr, int... ints) {
        byte[] b;
        switch (vr) {
            case US, SS, OW -> {
                b = new byte[ints.length * 2];
                for (int k = 0; k < ints.length; k++) {
                    b[2 * k] = (byte) ints[k];
                    b[2 * k + 1] = (byte) (ints[k] >>> 8);
                }
            }
            case UL, SL, OL -> {
                b = new byte[ints.length * 4];
                for (int k = 0; k < ints.length; k++) {
                    ByteOrder.putIntLE(b, 4 * k, ints[k]);
                }
            }
            case AT -> {
                b = new byte[ints.length * 4];
                for (int k = 0; k < ints.length; k++) {
                    int group = ints[k] >>> 16;
                    b[4 * k] = (byte) group;
                    b[4 * k + 1] = (byte) (group >>> 8);
                    b[4 * k + 2] = (byte) ints[k];
                    b[4 * k + 3] = (byte) (ints[k] >>> 8);
                }
            }
            case IS -> {
                String[] s = new String[ints.length];
                for (int k = 0; k < ints.length; k++) {
                    s[k] = Integer.toString(ints[k]);
                }
                return setString(tag, vr, s);
            }
            default -> throw new IllegalArgumentException(vr + " does not hold integers");
        }
        return setValue(tag, vr, b);
    }

    // ---- sequences, fragments, bulk data

    /** The sequence of {@code tag}, or null if absent or not a sequence. */
    public Sequence getSequence(int tag) {
        return getValue(tag) instanceof Sequence seq ? seq : null;
    }

    /** Puts a new empty sequence under {@code tag}, replacing any element there, and returns it. */
    public Sequence newSequence(int tag) {
        Sequence seq = new Sequence(this);
        setValue(tag, VR.SQ, seq);
        return seq;
    }

    public Fragments getFragments(int tag) {
        return getValue(tag) instanceof Fragments f ? f : null;
    }

    /** Puts a new empty {@link Fragments} (encapsulated pixel data) under {@code tag} and returns it. */
    public Fragments newFragments(int tag, VR vr) {
        Fragments fragments = new Fragments(vr);
        setValue(tag, vr, fragments);
        return fragments;
    }

    public BulkData getBulkData(int tag) {
        return getValue(tag) instanceof BulkData bulk ? bulk : null;
    }

    public Attributes setBulkData(int tag, VR vr, BulkData bulk) {
        return setValue(tag, vr, bulk);
    }

    /** Deep equality of tags, VRs and values. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Attributes other) || size != other.size) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (tags[i] != other.tags[i] || vrs[i] != other.vrs[i]) {
                return false;
            }
            Object a = values[i];
            Object b = other.values[i];
            boolean same = a instanceof byte[] x && b instanceof byte[] y ? Arrays.equals(x, y) : a.equals(b);
            if (!same) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = size;
        for (int i = 0; i < size; i++) {
            h = h * 31 + tags[i];
        }
        return h;
    }

    /** Tags, VRs and value lengths only: values may be patient data and must not reach logs. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Attributes[");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(Tag.toString(tags[i])).append(' ').append(vrs[i]);
            Object v = values[i];
            if (v instanceof byte[] b) {
                sb.append(" #").append(b.length);
            } else {
                sb.append(' ').append(v);
            }
        }
        return sb.append(']').toString();
    }
}
