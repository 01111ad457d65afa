package org.medbroker.connectors.dicom.data;

import java.util.Objects;

/**
 * A PN value (PS3.5 6.2.1): up to three component groups, alphabetic {@code =} ideographic {@code =}
 * phonetic, each of five components separated by {@code ^}: family name, given name, middle name,
 * prefix, suffix. Absent groups and components are empty strings, never null.
 */
public record PersonName(Group alphabetic, Group ideographic, Group phonetic) {

    public static final PersonName EMPTY = new PersonName(Group.EMPTY, Group.EMPTY, Group.EMPTY);

    public PersonName {
        Objects.requireNonNull(alphabetic, "alphabetic");
        Objects.requireNonNull(ideographic, "ideographic");
        Objects.requireNonNull(phonetic, "phonetic");
    }

    /** One component group: family^given^middle^prefix^suffix. */
    public record Group(String familyName, String givenName, String middleName, String namePrefix,
                        String nameSuffix) {

        public static final Group EMPTY = new Group("", "", "", "", "");

        public Group {
            familyName = Objects.requireNonNullElse(familyName, "");
            givenName = Objects.requireNonNullElse(givenName, "");
            middleName = Objects.requireNonNullElse(middleName, "");
            namePrefix = Objects.requireNonNullElse(namePrefix, "");
            nameSuffix = Objects.requireNonNullElse(nameSuffix, "");
        }

        public static Group of(String familyName, String givenName) {
            return new Group(familyName, givenName, "", "", "");
        }

        public static Group parse(String group) {
            String[] c = split(group, '^', 5);
            return new Group(c[0], c[1], c[2], c[3], c[4]);
        }

        public boolean isEmpty() {
            return familyName.isEmpty() && givenName.isEmpty() && middleName.isEmpty()
                    && namePrefix.isEmpty() && nameSuffix.isEmpty();
        }

        /** The DICOM form with trailing empty components and their {@code ^} left out. */
        @Override
        public String toString() {
            return join('^', familyName, givenName, middleName, namePrefix, nameSuffix);
        }
    }

    public static PersonName of(String familyName, String givenName) {
        return new PersonName(Group.of(familyName, givenName), Group.EMPTY, Group.EMPTY);
    }

    /** Parses one PN value (no backslash); trailing spaces of each component are dropped. */
    public static PersonName parse(String value) {
        String[] g = split(value == null ? "" : value, '=', 3);
        return new PersonName(Group.parse(g[0]), Group.parse(g[1]), Group.parse(g[2]));
    }

    public boolean isEmpty() {
        return alphabetic.isEmpty() && ideographic.isEmpty() && phonetic.isEmpty();
    }

    /** The DICOM form, e.g. {@code Yamada^Tarou=山田^太郎=やまだ^たろう}, trailing empty groups left out. */
    @Override
    public String toString() {
        return join('=', alphabetic.toString(), ideographic.toString(), phonetic.toString());
    }

    private static String[] split(String s, char delimiter, int parts) {
        String[] out = new String[parts];
        int start = 0;
        for (int i = 0; i < parts; i++) {
            int end = i == parts - 1 ? s.length() : s.indexOf(delimiter, start);
            if (start > s.length()) {
                out[i] = "";
                continue;
            }
            if (end < 0) {
                end = s.length();
            }
            out[i] = s.substring(start, end).strip();
            start = end + 1;
        }
        return out;
    }

    private static String join(char delimiter, String... parts) {
        int last = parts.length - 1;
        while (last >= 0 && parts[last].isEmpty()) {
            last--;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i <= last; i++) {
            if (i > 0) {
                sb.append(delimiter);
            }
            sb.append(parts[i]);
        }
        return sb.toString();
    }
}
