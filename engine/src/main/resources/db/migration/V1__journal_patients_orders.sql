-- The message journal, patient identity and orders. One schema for H2 (PostgreSQL mode) and PostgreSQL.

-- How far the journal files have been applied to this store (single row).
CREATE TABLE journal_state (
  id          INT PRIMARY KEY,
  applied_seq BIGINT NOT NULL
);
INSERT INTO journal_state (id, applied_seq) VALUES (1, 0);

-- Every message as received, raw bytes included. id is the journal sequence number.
CREATE TABLE message (
  id                  BIGINT PRIMARY KEY,
  listener            VARCHAR(64)  NOT NULL,
  remote_address      VARCHAR(128),
  received_at         TIMESTAMP WITH TIME ZONE NOT NULL,
  protocol            VARCHAR(16)  NOT NULL,
  message_type        VARCHAR(32),
  control_id          VARCHAR(199),
  sending_application VARCHAR(227),
  sending_facility    VARCHAR(227),
  charset             VARCHAR(32),
  status              VARCHAR(16)  NOT NULL,
  ack_code            VARCHAR(2),
  error_code          VARCHAR(16),
  error_text          VARCHAR(1000),
  processed_at        TIMESTAMP WITH TIME ZONE,
  raw                 BYTEA        NOT NULL
);
CREATE INDEX message_by_control_id ON message (sending_application, sending_facility, control_id);
CREATE INDEX message_by_received_at ON message (received_at);
CREATE INDEX message_by_status ON message (status, received_at);
CREATE INDEX message_by_listener ON message (listener, received_at);

-- Patient identity: the FHIR Patient id and every identifier ever seen for it.
CREATE TABLE patient (
  id          VARCHAR(64) PRIMARY KEY,
  merged_into VARCHAR(64),
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE TABLE patient_identifier (
  id_system  VARCHAR(256) NOT NULL,
  id_value   VARCHAR(256) NOT NULL,
  patient_id VARCHAR(64)  NOT NULL,
  type_code  VARCHAR(16),
  PRIMARY KEY (id_system, id_value)
);
CREATE INDEX patient_identifier_by_patient ON patient_identifier (patient_id);

-- Orders (ServiceRequests) by their numbers and specimen barcode, for host queries.
CREATE TABLE lab_order (
  id            VARCHAR(64) PRIMARY KEY,
  placer_number VARCHAR(199),
  filler_number VARCHAR(199),
  specimen_id   VARCHAR(199),
  patient_id    VARCHAR(64),
  status        VARCHAR(32),
  message_id    BIGINT,
  updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX lab_order_by_specimen ON lab_order (specimen_id);
CREATE INDEX lab_order_by_placer ON lab_order (placer_number);
CREATE TABLE lab_order_test (
  order_id    VARCHAR(64)  NOT NULL,
  code_system VARCHAR(256) NOT NULL,
  code        VARCHAR(64)  NOT NULL,
  display     VARCHAR(256),
  PRIMARY KEY (order_id, code_system, code)
);
