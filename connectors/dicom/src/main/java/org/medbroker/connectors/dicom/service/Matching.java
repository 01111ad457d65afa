package org.medbroker.connectors.dicom.service;

import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;
import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.data.Sequence;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.data.VR;

/**
 * C-FIND attribute matching of PS3.4 C.2.2.2: single value, universal (empty key), wildcard
 * ({@code *} and {@code ?}), range (date, time, date-time), list of UIDs, sequence matching; and
 * the return keys of a match. Person names match without regard to case.
 */
public final class Matching {

    private static final Set<VR> WILDCARD_VRS = Set.of(VR.AE, VR.CS, VR.LO, VR.LT, VR.PN, VR.SH, VR.ST, VR.UC,
            VR.UR, VR.UT);

    private Matching() {
    }

    /** Whether {@code entity} satisfies every matching key of {@code query}. */
    public static boolean matches(Attributes query, Attributes entity) {
        for (int i = 0; i < query.size(); i++) {
            int tag = query.tagAt(i);
            if (tag == Tag.SpecificCharacterSet || tag == Tag.QueryRetrieveLevel || Tag.isGroupLength(tag)) {
                continue;
            }
            if (!matches(query, i, entity)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(Attributes query, int index, Attributes entity) {
        int tag = query.tagAt(index);
        VR vr = query.vrAt(index);
        Object value = query.valueAt(index);
        if (value instanceof Sequence seq) {
            if (seq.isEmpty() || seq.get(0).isEmpty()) {
                return true;
            }
            Sequence candidates = entity.getSequence(tag);
            if (candidates == null) {
                return false;
            }
            for (Attributes item : candidates) {
                if (matches(seq.get(0), item)) {
                    return true;
                }
            }
            return false;
        }
        if (!(value instanceof byte[] bytes) || bytes.length == 0) {
            return true;
        }
        if (!vr.isString()) {
            return entity.getValue(tag) instanceof byte[] theirs && Arrays.equals(bytes, theirs);
        }
        String[] keys = query.getStrings(tag);
        String key = String.join("\\", keys);
        if (key.isEmpty() || (vr != VR.UI && key.chars().allMatch(c -> c == '*'))) {
            return true;
        }
        String[] values = entity.getStrings(tag);
        if (values.length == 0) {
            return false;
        }
        if (vr == VR.UI) {
            for (String uid : keys) {
                for (String v : values) {
                    if (uid.equals(v)) {
                        return true;
                    }
                }
            }
            return false;
        }
        if ((vr == VR.DA || vr == VR.TM || vr == VR.DT) && key.contains("-")) {
            int dash = key.indexOf('-');
            String low = key.substring(0, dash).strip();
            String high = key.substring(dash + 1).strip();
            for (String v : values) {
                String x = normalize(vr, v, false);
                if ((low.isEmpty() || x.compareTo(normalize(vr, low, false)) >= 0)
                        && (high.isEmpty() || x.compareTo(normalize(vr, high, true)) <= 0)) {
                    return true;
                }
            }
            return false;
        }
        boolean ignoreCase = vr == VR.PN;
        if (WILDCARD_VRS.contains(vr) && (key.indexOf('*') >= 0 || key.indexOf('?') >= 0)) {
            Pattern pattern = wildcard(key, ignoreCase);
            for (String v : values) {
                if (pattern.matcher(v).matches()) {
                    return true;
                }
            }
            return false;
        }
        for (String v : values) {
            if (ignoreCase ? v.equalsIgnoreCase(key) : v.equals(key)) {
                return true;
            }
        }
        if (vr == VR.DA || vr == VR.TM || vr == VR.DT) {
            for (String v : values) {
                if (normalize(vr, v, false).equals(normalize(vr, key, false))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Fixed-width form for comparison: TM HHMMSS.FFFFFF, DT YYYYMMDDHHMMSS.FFFFFF; a range's upper end padded with 9s. */
    private static String normalize(VR vr, String value, boolean upper) {
        String v = value.replace(":", "").strip();
        if (vr == VR.DA) {
            return v.replace(".", "");
        }
        int plus = Math.max(v.indexOf('+'), v.indexOf('-', 1));
        if (vr == VR.DT && plus > 0) {
            v = v.substring(0, plus);
        }
        int whole = vr == VR.TM ? 6 : 14;
        String main = v.contains(".") ? v.substring(0, v.indexOf('.')) : v;
        String fraction = v.contains(".") ? v.substring(v.indexOf('.') + 1) : "";
        char pad = upper ? '9' : '0';
        StringBuilder b = new StringBuilder(main);
        while (b.length() < whole) {
            b.append(pad);
        }
        StringBuilder f = new StringBuilder(fraction);
        while (f.length() < 6) {
            f.append(pad);
        }
        return b + "." + f;
    }

    private static Pattern wildcard(String key, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : key.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0)
                | Pattern.DOTALL);
    }

    /**
     * The response identifier for a match: every key of {@code query} with the entity's value (empty
     * when it has none), sequences item by item, the query's Query/Retrieve Level, and the entity's
     * Specific Character Set.
     */
    public static Attributes returnKeys(Attributes query, Attributes entity) {
        Attributes out = new Attributes(query.size() + 1);
        if (entity.contains(Tag.SpecificCharacterSet)) {
            out.setValue(Tag.SpecificCharacterSet, entity.getVR(Tag.SpecificCharacterSet),
                    entity.getValue(Tag.SpecificCharacterSet));
        }
        for (int i = 0; i < query.size(); i++) {
            int tag = query.tagAt(i);
            if (tag == Tag.SpecificCharacterSet || Tag.isGroupLength(tag)) {
                continue;
            }
            if (tag == Tag.QueryRetrieveLevel) {
                out.setValue(tag, query.vrAt(i), query.valueAt(i));
                continue;
            }
            Object theirs = entity.getValue(tag);
            if (query.valueAt(i) instanceof Sequence seq) {
                Sequence result = out.newSequence(tag);
                Attributes itemQuery = seq.isEmpty() ? new Attributes() : seq.get(0);
                if (theirs instanceof Sequence items) {
                    for (Attributes item : items) {
                        if (matches(itemQuery, item)) {
                            result.add(itemQuery.isEmpty() ? copy(item) : returnKeys(itemQuery, item));
                        }
                    }
                }
            } else if (theirs instanceof byte[]) {
                out.setValue(tag, entity.getVR(tag), theirs);
            } else {
                out.setNull(tag, query.vrAt(i));
            }
        }
        return out;
    }

    private static Attributes copy(Attributes item) {
        return new Attributes().addAll(item);
    }
}
