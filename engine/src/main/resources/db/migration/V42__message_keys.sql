-- Lookup keys of each journaled message, written with its message row: the specimen barcode
-- (key_type 'sample': HL7 SPM-2, OBR-3, ORC-3; ASTM O.3) and the accession number ('accession':
-- HL7 OBR-18, ORC-2). Rows go with their message when it is pruned. One schema for H2 and PostgreSQL.
CREATE TABLE message_key (
  message_id BIGINT       NOT NULL,
  key_type   VARCHAR(16)  NOT NULL,
  key_value  VARCHAR(199) NOT NULL,
  PRIMARY KEY (message_id, key_type, key_value)
);
CREATE INDEX message_key_by_value ON message_key (key_type, key_value, message_id);
