package org.medbroker.mappings.dicom;

import java.util.LinkedHashSet;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.ImagingStudy.ImagingStudySeriesComponent;
import org.hl7.fhir.r4.model.ImagingStudy.ImagingStudySeriesInstanceComponent;
import org.hl7.fhir.r4.model.Reference;
import org.medbroker.mappings.hl7v2.CodeSystems;
import org.medbroker.mappings.hl7v2.MappingOptions;
import org.medbroker.mappings.hl7v2.StableIds;

/**
 * A study as stored so far to one ImagingStudy (FHIR R4 ImagingStudy, "DICOM mapping" column): the Study Instance UID
 * as a {@code urn:dicom:uid} identifier and the accession number as an ACSN identifier; modalities, series and
 * instances with their SOP classes; started from study date and time. The id is derived from the Study Instance UID,
 * so every object of a study updates the same resource.
 */
public final class ImagingStudyMapping {

  public static final String DICOM_UID_SYSTEM = "urn:dicom:uid";
  public static final String DCM_SYSTEM = "http://dicom.nema.org/resources/ontology/DCM";
  private static final String URI_SYSTEM = "urn:ietf:rfc:3986";
  private static final String V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203";

  private ImagingStudyMapping() {
  }

  public static String idOf(String studyInstanceUid) {
    return StableIds.of("ImagingStudy", studyInstanceUid);
  }

  public static ImagingStudy map(DicomStudy study, String patientId, MappingOptions options) {
    ImagingStudy resource = new ImagingStudy();
    resource.setId(idOf(study.studyInstanceUid()));
    resource.setStatus(ImagingStudy.ImagingStudyStatus.AVAILABLE);
    resource.addIdentifier().setSystem(DICOM_UID_SYSTEM).setValue("urn:oid:" + study.studyInstanceUid());
    if (present(study.accessionNumber())) {
      Identifier accession = resource.addIdentifier().setValue(study.accessionNumber().trim());
      accession.setType(new CodeableConcept(new Coding(V2_0203, "ACSN", "Accession ID")));
      String system = CodeSystems.forAuthority(options, study.accessionIssuer(), null, null);
      if (system != null) {
        accession.setSystem(system);
      }
    }
    if (present(study.studyId())) {
      resource.addIdentifier().setUse(Identifier.IdentifierUse.SECONDARY).setValue(study.studyId().trim());
    }
    resource.setSubject(new Reference("Patient/" + patientId));
    DateTimeType started = DicomDates.dateTime(study.studyDate(), study.studyTime(), options.defaultZone());
    if (started != null) {
      resource.setStartedElement(started);
    }
    if (present(study.description())) {
      resource.setDescription(study.description().trim());
    }
    String referrer = PersonNames.display(study.referringPhysician());
    if (referrer != null) {
      resource.setReferrer(new Reference().setDisplay(referrer));
    }
    Set<String> modalities = new LinkedHashSet<>();
    int instances = 0;
    for (DicomSeries series : study.series()) {
      ImagingStudySeriesComponent component = series(series, options);
      resource.addSeries(component);
      modalities.add(component.getModality().getCode());
      instances += component.getNumberOfInstances();
    }
    modalities.forEach(code -> resource.addModality(new Coding(DCM_SYSTEM, code, null)));
    resource.setNumberOfSeries(study.series().size());
    resource.setNumberOfInstances(instances);
    return resource;
  }

  private static ImagingStudySeriesComponent series(DicomSeries series, MappingOptions options) {
    ImagingStudySeriesComponent component = new ImagingStudySeriesComponent();
    component.setUid(series.seriesInstanceUid());
    if (series.seriesNumber() != null) {
      component.setNumber(series.seriesNumber());
    }
    String modality = present(series.modality()) ? series.modality().trim() : "OT";
    component.setModality(new Coding(DCM_SYSTEM, modality, null));
    if (present(series.description())) {
      component.setDescription(series.description().trim());
    }
    DateTimeType started = DicomDates.dateTime(series.seriesDate(), series.seriesTime(), options.defaultZone());
    if (started != null) {
      component.setStartedElement(started);
    }
    if (present(series.bodyPartExamined())) {
      component.setBodySite(new Coding().setDisplay(series.bodyPartExamined().trim()));
    }
    for (DicomInstance instance : series.instances()) {
      ImagingStudySeriesInstanceComponent item = component.addInstance();
      item.setUid(instance.sopInstanceUid());
      item.setSopClass(new Coding(URI_SYSTEM, "urn:oid:" + instance.sopClassUid(), null));
      if (instance.instanceNumber() != null) {
        item.setNumber(instance.instanceNumber());
      }
    }
    component.setNumberOfInstances(series.instances().size());
    return component;
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}
