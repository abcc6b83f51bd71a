ALTER TABLE `customers` ADD `last_event_at` integer;--> statement-breakpoint
-- Triggers keep each customer's latest event current in every writer's own transaction: a later one
-- moves it forward; when the latest goes (deleted, moved to someone else, its time changed), it is read again.
-- Then a backfill from the rows already there.
CREATE TRIGGER `last_event_online_events_insert` AFTER INSERT ON `online_events` FOR EACH ROW WHEN NEW.customer_id IS NOT NULL BEGIN
	UPDATE customers SET last_event_at = NEW.occurred_at WHERE id = NEW.customer_id AND (last_event_at IS NULL OR last_event_at < NEW.occurred_at);
END;--> statement-breakpoint
CREATE TRIGGER `last_event_online_events_update` AFTER UPDATE OF customer_id, occurred_at ON `online_events` FOR EACH ROW BEGIN
	UPDATE customers SET last_event_at = (SELECT max(t) FROM (SELECT max(occurred_at) AS t FROM online_events WHERE customer_id = OLD.customer_id UNION ALL SELECT max(posted_at) FROM social_mentions WHERE customer_id = OLD.customer_id UNION ALL SELECT max(purchased_at) FROM purchases WHERE customer_id = OLD.customer_id) AS latest) WHERE id = OLD.customer_id AND last_event_at = OLD.occurred_at;
	UPDATE customers SET last_event_at = NEW.occurred_at WHERE id = NEW.customer_id AND (last_event_at IS NULL OR last_event_at < NEW.occurred_at);
END;--> statement-breakpoint
CREATE TRIGGER `last_event_online_events_delete` AFTER DELETE ON `online_events` FOR EACH ROW WHEN OLD.customer_id IS NOT NULL BEGIN
	UPDATE customers SET last_event_at = (SELECT max(t) FROM (SELECT max(occurred_at) AS t FROM online_events WHERE customer_id = OLD.customer_id UNION ALL SELECT max(posted_at) FROM social_mentions WHERE customer_id = OLD.customer_id UNION ALL SELECT max(purchased_at) FROM purchases WHERE customer_id = OLD.customer_id) AS latest) WHERE id = OLD.customer_id AND last_event_at = OLD.occurred_at;
END;--> statement-breakpoint
CREATE TRIGGER `last_event_social_mentions_insert` AFTER INSERT ON `social_mentions` FOR EACH ROW WHEN NEW.customer_id IS NOT NULL BEGIN
	UPDATE customers SET last_event_at = NEW.posted_at WHERE id = NEW.customer_id AND (last_event_at IS NULL OR last_event_at < NEW.posted_at);
END;--> statement-breakpoint
CREATE TRIGGER `last_event_social_mentions_update` AFTER UPDATE OF customer_id, posted_at ON `social_mentions` FOR EACH ROW BEGIN
	UPDATE customers SET last_event_at = (SELECT max(t) FROM (SELECT max(occurred_at) AS t FROM online_events WHERE customer_id = OLD.customer_id UNION ALL SELECT max(posted_at) FROM social_mentions WHERE customer_id = OLD.customer_id UNION ALL SELECT max(purchased_at) FROM purchases WHERE customer_id = OLD.customer_id) AS latest) WHERE id = OLD.customer_id AND last_event_at = OLD.posted_at;
	UPDATE customers SET last_event_at = NEW.posted_at WHERE id = NEW.customer_id AND (last_event_at IS NULL OR last_event_at < NEW.posted_at);
END;--> statement-breakpoint
CREATE TRIGGER `last_event_social_mentions_delete` AFTER DELETE ON `social_mentions` FOR EACH ROW WHEN OLD.customer_id IS NOT NULL BEGIN
	UPDATE customers SET last_event_at = (SELECT max(t) FROM (SELECT max(occurred_at) AS t FROM online_events WHERE customer_id = OLD.customer_id UNION ALL SELECT max(posted_at) FROM social_mentions WHERE customer_id = OLD.customer_id UNION ALL SELECT max(purchased_at) FROM purchases WHERE customer_id = OLD.customer_id) AS latest) WHERE id = OLD.customer_id AND last_event_at = OLD.posted_at;
END;--> statement-breakpoint
CREATE TRIGGER `last_event_purchases_insert` AFTER INSERT ON `purchases` FOR EACH ROW WHEN NEW.customer_id IS NOT NULL BEGIN
	UPDATE customers SET last_event_at = NEW.purchased_at WHERE id = NEW.customer_id AND (last_event_at IS NULL OR last_event_at < NEW.purchased_at);
END;--> statement-breakpoint
CREATE TRIGGER `last_event_purchases_update` AFTER UPDATE OF customer_id, purchased_at ON `purchases` FOR EACH ROW BEGIN
	UPDATE customers SET last_event_at = (SELECT max(t) FROM (SELECT max(occurred_at) AS t FROM online_events WHERE customer_id = OLD.customer_id UNION ALL SELECT max(posted_at) FROM social_mentions WHERE customer_id = OLD.customer_id UNION ALL SELECT max(purchased_at) FROM purchases WHERE customer_id = OLD.customer_id) AS latest) WHERE id = OLD.customer_id AND last_event_at = OLD.purchased_at;
	UPDATE customers SET last_event_at = NEW.purchased_at WHERE id = NEW.customer_id AND (last_event_at IS NULL OR last_event_at < NEW.purchased_at);
END;--> statement-breakpoint
CREATE TRIGGER `last_event_purchases_delete` AFTER DELETE ON `purchases` FOR EACH ROW WHEN OLD.customer_id IS NOT NULL BEGIN
	UPDATE customers SET last_event_at = (SELECT max(t) FROM (SELECT max(occurred_at) AS t FROM online_events WHERE customer_id = OLD.customer_id UNION ALL SELECT max(posted_at) FROM social_mentions WHERE customer_id = OLD.customer_id UNION ALL SELECT max(purchased_at) FROM purchases WHERE customer_id = OLD.customer_id) AS latest) WHERE id = OLD.customer_id AND last_event_at = OLD.purchased_at;
END;--> statement-breakpoint
UPDATE customers SET last_event_at = (SELECT max(t) FROM (SELECT max(occurred_at) AS t FROM online_events WHERE customer_id = customers.id UNION ALL SELECT max(posted_at) FROM social_mentions WHERE customer_id = customers.id UNION ALL SELECT max(purchased_at) FROM purchases WHERE customer_id = customers.id) AS latest);
