-- One search index table instead of resource_token, resource_ref, resource_date and resource_string:
-- a resource's rows then sit under one owner index key, so writing or replacing them touches one
-- B-tree at the resource's (random) id instead of four. A param name is one kind per resource type.
--   token:     value_system = system ('' when none), value_text = code
--   reference: value_system = target type ('' when none), value_text = target id
--   string:    value_text = the value lower case without diacritics, value_system NULL
--   date:      [range_low, range_high), value_text and value_system NULL
CREATE TABLE resource_index (
  res_type     VARCHAR(64)  NOT NULL,
  res_id       VARCHAR(64)  NOT NULL,
  param        VARCHAR(64)  NOT NULL,
  value_text   VARCHAR(512),
  value_system VARCHAR(512),
  range_low    TIMESTAMP WITH TIME ZONE,
  range_high   TIMESTAMP WITH TIME ZONE
);
-- Tokens, references and string prefixes by value; dates (value_text IS NULL) by range.
CREATE INDEX resource_index_by_value ON resource_index (res_type, param, value_text, range_low, range_high, value_system);
CREATE INDEX resource_index_by_owner ON resource_index (res_type, res_id);

INSERT INTO resource_index (res_type, res_id, param, value_text, value_system)
  SELECT res_type, res_id, param, token_value, token_system FROM resource_token;
INSERT INTO resource_index (res_type, res_id, param, value_text, value_system)
  SELECT res_type, res_id, param, target_id, target_type FROM resource_ref;
INSERT INTO resource_index (res_type, res_id, param, value_text)
  SELECT res_type, res_id, param, norm_value FROM resource_string;
INSERT INTO resource_index (res_type, res_id, param, range_low, range_high)
  SELECT res_type, res_id, param, range_low, range_high FROM resource_date;

DROP TABLE resource_token;
DROP TABLE resource_ref;
DROP TABLE resource_string;
DROP TABLE resource_date;
