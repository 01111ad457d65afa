-- The DICOM index: every stored instance with its study and series, for C-FIND and ImagingStudy.
-- Text values are decoded from the object's character set. One schema for H2 and PostgreSQL.

CREATE TABLE dicom_study (
  study_uid             VARCHAR(64)   PRIMARY KEY,
  patient_ref           VARCHAR(64)   NOT NULL,
  patient_id            VARCHAR(256),
  issuer_of_patient_id  VARCHAR(256),
  patient_name          VARCHAR(1024),
  patient_birth_date    VARCHAR(16),
  patient_sex           VARCHAR(16),
  study_date            VARCHAR(16),
  study_time            VARCHAR(32),
  accession_number      VARCHAR(64),
  accession_issuer      VARCHAR(256),
  study_id              VARCHAR(64),
  study_description     VARCHAR(1024),
  referring_physician   VARCHAR(1024),
  demographics_conflict VARCHAR(256),
  fhir_stale            BOOLEAN       NOT NULL,
  created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at            TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX dicom_study_by_patient ON dicom_study (patient_ref);
CREATE INDEX dicom_study_by_patient_id ON dicom_study (patient_id);
CREATE INDEX dicom_study_by_date ON dicom_study (study_date);
CREATE INDEX dicom_study_by_accession ON dicom_study (accession_number);
CREATE INDEX dicom_study_stale ON dicom_study (fhir_stale);

CREATE TABLE dicom_series (
  series_uid         VARCHAR(64)   PRIMARY KEY,
  study_uid          VARCHAR(64)   NOT NULL,
  modality           VARCHAR(16),
  series_number      INT,
  series_description VARCHAR(1024),
  body_part          VARCHAR(64),
  series_date        VARCHAR(16),
  series_time        VARCHAR(32),
  updated_at         TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX dicom_series_by_study ON dicom_series (study_uid);

CREATE TABLE dicom_instance (
  sop_instance_uid VARCHAR(64)   PRIMARY KEY,
  series_uid       VARCHAR(64)   NOT NULL,
  study_uid        VARCHAR(64)   NOT NULL,
  sop_class_uid    VARCHAR(64)   NOT NULL,
  instance_number  INT,
  frames           INT,
  transfer_syntax  VARCHAR(64)   NOT NULL,
  file_path        VARCHAR(2048) NOT NULL,
  file_size        BIGINT        NOT NULL,
  listener         VARCHAR(64)   NOT NULL,
  calling_ae       VARCHAR(16),
  received_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX dicom_instance_by_series ON dicom_instance (series_uid);
CREATE INDEX dicom_instance_by_study ON dicom_instance (study_uid);
