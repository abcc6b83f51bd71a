ALTER TABLE "customers" ADD COLUMN "last_event_at" bigint;--> statement-breakpoint
-- Triggers keep each customer's latest event current in every writer's own transaction: a later one
-- moves it forward; when the latest goes (deleted, moved to someone else, its time changed), it is read again.
-- Then a backfill from the rows already there.
CREATE FUNCTION last_event_recount(c text) RETURNS void LANGUAGE sql AS $$
	UPDATE customers SET last_event_at = (SELECT max(t) FROM (SELECT max(occurred_at) AS t FROM online_events WHERE customer_id = $1 UNION ALL SELECT max(posted_at) FROM social_mentions WHERE customer_id = $1 UNION ALL SELECT max(purchased_at) FROM purchases WHERE customer_id = $1) AS latest) WHERE id = $1;
$$;
--> statement-breakpoint
CREATE FUNCTION last_event_online_events_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		IF OLD.customer_id IS NOT NULL AND (SELECT last_event_at FROM customers WHERE id = OLD.customer_id) = OLD.occurred_at THEN PERFORM last_event_recount(OLD.customer_id); END IF;
	END IF;
	IF TG_OP IN ('UPDATE', 'INSERT') THEN
		UPDATE customers SET last_event_at = NEW.occurred_at WHERE id = NEW.customer_id AND (last_event_at IS NULL OR last_event_at < NEW.occurred_at);
	END IF;
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER last_event_online_events_insert AFTER INSERT ON online_events FOR EACH ROW WHEN (NEW.customer_id IS NOT NULL) EXECUTE FUNCTION last_event_online_events_change();
--> statement-breakpoint
CREATE TRIGGER last_event_online_events_change AFTER DELETE OR UPDATE OF customer_id, occurred_at ON online_events FOR EACH ROW EXECUTE FUNCTION last_event_online_events_change();
--> statement-breakpoint
CREATE FUNCTION last_event_social_mentions_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		IF OLD.customer_id IS NOT NULL AND (SELECT last_event_at FROM customers WHERE id = OLD.customer_id) = OLD.posted_at THEN PERFORM last_event_recount(OLD.customer_id); END IF;
	END IF;
	IF TG_OP IN ('UPDATE', 'INSERT') THEN
		UPDATE customers SET last_event_at = NEW.posted_at WHERE id = NEW.customer_id AND (last_event_at IS NULL OR last_event_at < NEW.posted_at);
	END IF;
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER last_event_social_mentions_insert AFTER INSERT ON social_mentions FOR EACH ROW WHEN (NEW.customer_id IS NOT NULL) EXECUTE FUNCTION last_event_social_mentions_change();
--> statement-breakpoint
CREATE TRIGGER last_event_social_mentions_change AFTER DELETE OR UPDATE OF customer_id, posted_at ON social_mentions FOR EACH ROW EXECUTE FUNCTION last_event_social_mentions_change();
--> statement-breakpoint
CREATE FUNCTION last_event_purchases_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		IF OLD.customer_id IS NOT NULL AND (SELECT last_event_at FROM customers WHERE id = OLD.customer_id) = OLD.purchased_at THEN PERFORM last_event_recount(OLD.customer_id); END IF;
	END IF;
	IF TG_OP IN ('UPDATE', 'INSERT') THEN
		UPDATE customers SET last_event_at = NEW.purchased_at WHERE id = NEW.customer_id AND (last_event_at IS NULL OR last_event_at < NEW.purchased_at);
	END IF;
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER last_event_purchases_insert AFTER INSERT ON purchases FOR EACH ROW WHEN (NEW.customer_id IS NOT NULL) EXECUTE FUNCTION last_event_purchases_change();
--> statement-breakpoint
CREATE TRIGGER last_event_purchases_change AFTER DELETE OR UPDATE OF customer_id, purchased_at ON purchases FOR EACH ROW EXECUTE FUNCTION last_event_purchases_change();
--> statement-breakpoint
UPDATE customers SET last_event_at = (SELECT max(t) FROM (SELECT max(occurred_at) AS t FROM online_events WHERE customer_id = customers.id UNION ALL SELECT max(posted_at) FROM social_mentions WHERE customer_id = customers.id UNION ALL SELECT max(purchased_at) FROM purchases WHERE customer_id = customers.id) AS latest);
