package org.medbroker.mappings.astm;

/**
 * One analyzer test code and what it means.
 *
 * @param analyzerCode the manufacturer's local code as the analyzer sends it (R.3)
 * @param loinc the LOINC code
 * @param display the LOINC display name
 * @param ucum the UCUM unit of the value, or empty for unitless results
 */
public record CodeMapEntry(String analyzerCode, String loinc, String display, String ucum) {}
