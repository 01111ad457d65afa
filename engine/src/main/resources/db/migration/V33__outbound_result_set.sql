-- For a message that did not arrive as HL7 v2 (ASTM): what its outbound deliveries are built from, written
-- with its outbound_queue rows in the transaction that stores it as processed, so every retry and resend sends
-- the same thing. hl7_text is the ORU^R01 (UTF-8) with placeholder MSH-3/4/10 that each destination replaces;
-- fhir_json the result set's resources as a collection Bundle (Patient, ServiceRequests and Specimens included).
CREATE TABLE outbound_result_set (
  message_id BIGINT  NOT NULL PRIMARY KEY REFERENCES message (id) ON DELETE CASCADE,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  hl7_text   VARCHAR NOT NULL,
  fhir_json  VARCHAR NOT NULL
);
