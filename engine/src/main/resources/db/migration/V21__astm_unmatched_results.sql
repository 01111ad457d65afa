-- ASTM results a person has to review: no order with the specimen id, or a test code outside the
-- analyzer's code map. The Observation itself is in the resource store; a row goes when a later
-- delivery of the same result matches.
CREATE TABLE astm_unmatched_result (
  observation_id VARCHAR(64)  NOT NULL,
  reason         VARCHAR(16)  NOT NULL,
  listener       VARCHAR(64)  NOT NULL,
  message_id     BIGINT       NOT NULL,
  specimen_id    VARCHAR(199),
  test_code      VARCHAR(64),
  created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (observation_id, reason)
);
CREATE INDEX astm_unmatched_by_created ON astm_unmatched_result (created_at);
