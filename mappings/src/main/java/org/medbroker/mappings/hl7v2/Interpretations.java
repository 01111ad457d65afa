package org.medbroker.mappings.hl7v2;

import java.util.Map;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * OBX-8 abnormal flags (HL7 table 0078) to v3 ObservationInterpretation. The v3 code system holds every 0078 code
 * with the same code and meaning except "null" (no range defined), which has no counterpart.
 */
final class Interpretations {
  static final String SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

  private static final Map<String, String> DISPLAY = Map.ofEntries(
      Map.entry("<", "Off scale low"),
      Map.entry(">", "Off scale high"),
      Map.entry("A", "Abnormal"),
      Map.entry("AA", "Critical abnormal"),
      Map.entry("AC", "Anti-complementary substances present"),
      Map.entry("B", "Better"),
      Map.entry("D", "Significant change down"),
      Map.entry("DET", "Detected"),
      Map.entry("H", "High"),
      Map.entry("HH", "Critical high"),
      Map.entry("HM", "Hold for Medical Review"),
      Map.entry("HU", "Significantly high"),
      Map.entry("I", "Intermediate"),
      Map.entry("IE", "Insufficient evidence"),
      Map.entry("IND", "Indeterminate"),
      Map.entry("L", "Low"),
      Map.entry("LL", "Critical low"),
      Map.entry("LU", "Significantly low"),
      Map.entry("MS", "moderately susceptible"),
      Map.entry("N", "Normal"),
      Map.entry("ND", "Not detected"),
      Map.entry("NEG", "Negative"),
      Map.entry("NR", "Non-reactive"),
      Map.entry("NS", "Non-susceptible"),
      Map.entry("OBX", "Interpretation qualifiers in separate OBX segments"),
      Map.entry("POS", "Positive"),
      Map.entry("QCF", "Quality control failure"),
      Map.entry("R", "Resistant"),
      Map.entry("RR", "Reactive"),
      Map.entry("S", "Susceptible"),
      Map.entry("SDD", "Susceptible-dose dependent"),
      Map.entry("SYN-R", "Synergy - resistant"),
      Map.entry("SYN-S", "Synergy - susceptible"),
      Map.entry("TOX", "Cytotoxic substance present"),
      Map.entry("U", "Significant change up"),
      Map.entry("VS", "very susceptible"),
      Map.entry("W", "Worse"),
      Map.entry("WR", "Weakly reactive"));

  private Interpretations() {
  }

  /** A coded interpretation for a 0078 code; an unknown code is kept as text. Null for null. */
  static CodeableConcept concept(String code) {
    if (code == null) {
      return null;
    }
    String display = DISPLAY.get(code);
    if (display == null) {
      return new CodeableConcept().setText(code);
    }
    return new CodeableConcept(new Coding(SYSTEM, code, display));
  }
}
