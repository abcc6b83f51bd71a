-- Live updates across app instances: every change_feed row is announced on the
-- channel shopkeeper_change when (and only when) its transaction commits, in
-- commit order. Each instance LISTENs on one connection (lib/live.ts), so a
-- row committed out of sequence order is never skipped.
CREATE FUNCTION shopkeeper_change_notify() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('shopkeeper_change', json_build_object('seq', NEW.seq, 'kind', NEW.kind, 'customerId', NEW.customer_id, 'storeId', NEW.store_id)::text);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER change_feed_notify AFTER INSERT ON change_feed FOR EACH ROW EXECUTE FUNCTION shopkeeper_change_notify();
