package org.medbroker.connectors.dicom.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The PS3.6 registry of data elements: VR, VM and keyword by tag, as Implicit VR reading needs them.
 * Loaded once from {@code element-dictionary.txt}, generated from dcmtk's {@code dicom.dic} by
 * {@code src/build/GenerateElementDictionary.java}. Rules first, then the registry: group length
 * {@code (gggg,0000)} is UL, private creator {@code (gggg,0010-00FF)} in odd groups is LO, other
 * private and unknown elements are UN.
 */
public final class ElementDictionary {

    /** One registry entry; {@code mask} has 0 bits where the registry says {@code x}. */
    public record Entry(int tag, int mask, VR vr, String vm, String keyword) {
    }

    private static final ElementDictionary STANDARD = load();

    private final int[] tags;
    private final Entry[] entries;
    private final Entry[] masked;
    private final Map<String, Entry> byKeyword;

    private ElementDictionary(List<Entry> exact, List<Entry> masked) {
        exact.sort((a, b) -> Integer.compareUnsigned(a.tag(), b.tag()));
        this.entries = exact.toArray(new Entry[0]);
        this.tags = new int[entries.length];
        for (int i = 0; i < entries.length; i++) {
            tags[i] = entries[i].tag();
        }
        this.masked = masked.toArray(new Entry[0]);
        this.byKeyword = new HashMap<>(entries.length * 2);
        for (Entry e : entries) {
            byKeyword.putIfAbsent(e.keyword(), e);
        }
        for (Entry e : this.masked) {
            byKeyword.putIfAbsent(e.keyword(), e);
        }
    }

    public static ElementDictionary standard() {
        return STANDARD;
    }

    /** The VR to use for {@code tag} when the encoding does not say (Implicit VR). */
    public static VR vrOf(int tag) {
        return STANDARD.vr(tag);
    }

    public VR vr(int tag) {
        if (Tag.isGroupLength(tag)) {
            return VR.UL;
        }
        if (Tag.isPrivate(tag)) {
            return Tag.isPrivateCreator(tag) ? VR.LO : VR.UN;
        }
        Entry e = entry(tag);
        return e == null ? VR.UN : e.vr();
    }

    /** The registry entry for {@code tag}, or null if PS3.6 does not define it. */
    public Entry entry(int tag) {
        int i = binarySearch(tag);
        if (i >= 0) {
            return entries[i];
        }
        for (Entry e : masked) {
            if ((tag & e.mask()) == e.tag()) {
                return e;
            }
        }
        return null;
    }

    public String keywordOf(int tag) {
        Entry e = entry(tag);
        return e == null ? null : e.keyword();
    }

    /** The tag of a PS3.6 keyword such as {@code PatientName}, or -1; masked entries give their lowest tag. */
    public int tagOf(String keyword) {
        Entry e = byKeyword.get(keyword);
        return e == null ? -1 : e.tag();
    }

    public int size() {
        return entries.length + masked.length;
    }

    private int binarySearch(int tag) {
        int low = 0;
        int high = tags.length - 1;
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
        return -1;
    }

    private static ElementDictionary load() {
        List<Entry> exact = new ArrayList<>(5000);
        List<Entry> masked = new ArrayList<>(100);
        try (InputStream in = ElementDictionary.class.getResourceAsStream("element-dictionary.txt")) {
            if (in == null) {
                throw new IllegalStateException("element-dictionary.txt missing from the class path");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isEmpty() || line.charAt(0) == '#') {
                    continue;
                }
                // gggg,eeee VR VM Keyword
                int tag = 0;
                int mask = 0;
                for (int i = 0, digit = 0; i < 9; i++) {
                    char c = line.charAt(i);
                    if (c == ',') {
                        continue;
                    }
                    int shift = 28 - 4 * digit++;
                    if (c != 'x') {
                        tag |= Character.digit(c, 16) << shift;
                        mask |= 0xF << shift;
                    }
                }
                VR vr = VR.valueOf(line.substring(10, 12));
                int space = line.indexOf(' ', 13);
                Entry e = new Entry(tag, mask, vr, line.substring(13, space), line.substring(space + 1));
                (mask == -1 ? exact : masked).add(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ElementDictionary(exact, masked);
    }

    @Override
    public String toString() {
        return "ElementDictionary[" + Arrays.toString(new int[] {entries.length, masked.length}) + "]";
    }
}
