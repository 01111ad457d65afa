-- The durable outbound queue: one row per (destination, message), inserted in the transaction that
-- stores the message as processed. The payload is message.raw; the outbound MSH-10 is stable.
CREATE TABLE outbound_queue (
  destination     VARCHAR(64)  NOT NULL,
  message_id      BIGINT       NOT NULL,
  patient_key     VARCHAR(256) NOT NULL,
  control_id      VARCHAR(20)  NOT NULL,
  status          VARCHAR(16)  NOT NULL, -- pending, delivered, dead
  attempts        INT          NOT NULL,
  enqueued_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
  delivered_at    TIMESTAMP WITH TIME ZONE,
  last_error      VARCHAR(1000),
  PRIMARY KEY (destination, message_id)
);
CREATE INDEX outbound_queue_by_status ON outbound_queue (destination, status, message_id);
CREATE INDEX outbound_queue_by_patient ON outbound_queue (destination, patient_key, status, message_id);
CREATE INDEX outbound_queue_by_message ON outbound_queue (message_id);

-- Every delivery attempt: outcome delivered, rejected (AE/AR), timeout or unreachable.
CREATE TABLE outbound_attempt (
  destination VARCHAR(64) NOT NULL,
  message_id  BIGINT      NOT NULL,
  attempt_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  outcome     VARCHAR(16) NOT NULL,
  ack_code    VARCHAR(2),
  detail      VARCHAR(1000)
);
CREATE INDEX outbound_attempt_by_message ON outbound_attempt (message_id, destination);
