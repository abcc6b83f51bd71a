CREATE TABLE `report_contact_pairs` (
	`store_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`last_at` integer NOT NULL,
	PRIMARY KEY(`store_id`, `staff_id`, `customer_id`)
);
--> statement-breakpoint
CREATE INDEX `report_contact_pairs_last_idx` ON `report_contact_pairs` (`store_id`,`last_at`,`staff_id`);--> statement-breakpoint
CREATE TABLE `report_days` (
	`store_id` text NOT NULL,
	`day` integer NOT NULL,
	`staff_id` text NOT NULL,
	`holds_placed` integer DEFAULT 0 NOT NULL,
	`holds_active` integer DEFAULT 0 NOT NULL,
	`holds_picked_up` integer DEFAULT 0 NOT NULL,
	`holds_released` integer DEFAULT 0 NOT NULL,
	`holds_expired` integer DEFAULT 0 NOT NULL,
	`picked_up_value_cents` integer DEFAULT 0 NOT NULL,
	`notes_written` integer DEFAULT 0 NOT NULL,
	`follow_ups_done` integer DEFAULT 0 NOT NULL,
	`mentions_answered` integer DEFAULT 0 NOT NULL,
	`answer_ms` text DEFAULT '[]' NOT NULL,
	`client_posts` integer DEFAULT 0 NOT NULL,
	`client_posts_answered` integer DEFAULT 0 NOT NULL,
	`client_posts_new` integer DEFAULT 0 NOT NULL,
	`store_posts` integer DEFAULT 0 NOT NULL,
	`store_posts_answered` integer DEFAULT 0 NOT NULL,
	`store_posts_new` integer DEFAULT 0 NOT NULL,
	`contacted_last` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`store_id`, `day`, `staff_id`)
);
--> statement-breakpoint
CREATE TABLE `report_hours` (
	`store_id` text NOT NULL,
	`hour` integer NOT NULL,
	`holds_placed` integer DEFAULT 0 NOT NULL,
	`holds_picked_up` integer DEFAULT 0 NOT NULL,
	`posts_received` integer DEFAULT 0 NOT NULL,
	`posts_answered` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`store_id`, `hour`)
);
--> statement-breakpoint
-- Triggers keep the roll-ups current in every writer's own transaction; then a backfill from the rows already there.
CREATE TRIGGER `report_holds_insert` AFTER INSERT ON `holds` FOR EACH ROW BEGIN
	INSERT INTO report_days (store_id, day, staff_id, holds_placed, holds_active, holds_picked_up, holds_released, holds_expired, picked_up_value_cents) SELECT NEW.store_id, CAST(NEW.created_at / 86400000 AS INTEGER), NEW.staff_id, 1, 1 * (NEW.status = 'active'), 1 * (NEW.status = 'picked_up'), 1 * (NEW.status = 'released'), 1 * (NEW.status = 'expired'), 1 * (NEW.status = 'picked_up') * NEW.quantity * coalesce((SELECT price_cents FROM product_variants WHERE id = NEW.variant_id), 0) WHERE true ON CONFLICT (store_id, day, staff_id) DO UPDATE SET holds_placed = holds_placed + excluded.holds_placed, holds_active = holds_active + excluded.holds_active, holds_picked_up = holds_picked_up + excluded.holds_picked_up, holds_released = holds_released + excluded.holds_released, holds_expired = holds_expired + excluded.holds_expired, picked_up_value_cents = picked_up_value_cents + excluded.picked_up_value_cents;
	INSERT INTO report_hours (store_id, hour, holds_placed) SELECT NEW.store_id, CAST(NEW.created_at / 3600000 AS INTEGER), 1 WHERE true ON CONFLICT (store_id, hour) DO UPDATE SET holds_placed = holds_placed + excluded.holds_placed;
	INSERT INTO report_hours (store_id, hour, holds_picked_up) SELECT NEW.store_id, CAST(NEW.resolved_at / 3600000 AS INTEGER), 1 WHERE NEW.status = 'picked_up' AND NEW.resolved_at IS NOT NULL ON CONFLICT (store_id, hour) DO UPDATE SET holds_picked_up = holds_picked_up + excluded.holds_picked_up;
END;
--> statement-breakpoint
CREATE TRIGGER `report_holds_delete` AFTER DELETE ON `holds` FOR EACH ROW BEGIN
	INSERT INTO report_days (store_id, day, staff_id, holds_placed, holds_active, holds_picked_up, holds_released, holds_expired, picked_up_value_cents) SELECT OLD.store_id, CAST(OLD.created_at / 86400000 AS INTEGER), OLD.staff_id, -1, -1 * (OLD.status = 'active'), -1 * (OLD.status = 'picked_up'), -1 * (OLD.status = 'released'), -1 * (OLD.status = 'expired'), -1 * (OLD.status = 'picked_up') * OLD.quantity * coalesce((SELECT price_cents FROM product_variants WHERE id = OLD.variant_id), 0) WHERE true ON CONFLICT (store_id, day, staff_id) DO UPDATE SET holds_placed = holds_placed + excluded.holds_placed, holds_active = holds_active + excluded.holds_active, holds_picked_up = holds_picked_up + excluded.holds_picked_up, holds_released = holds_released + excluded.holds_released, holds_expired = holds_expired + excluded.holds_expired, picked_up_value_cents = picked_up_value_cents + excluded.picked_up_value_cents;
	INSERT INTO report_hours (store_id, hour, holds_placed) SELECT OLD.store_id, CAST(OLD.created_at / 3600000 AS INTEGER), -1 WHERE true ON CONFLICT (store_id, hour) DO UPDATE SET holds_placed = holds_placed + excluded.holds_placed;
	INSERT INTO report_hours (store_id, hour, holds_picked_up) SELECT OLD.store_id, CAST(OLD.resolved_at / 3600000 AS INTEGER), -1 WHERE OLD.status = 'picked_up' AND OLD.resolved_at IS NOT NULL ON CONFLICT (store_id, hour) DO UPDATE SET holds_picked_up = holds_picked_up + excluded.holds_picked_up;
END;
--> statement-breakpoint
CREATE TRIGGER `report_holds_update` AFTER UPDATE OF store_id, staff_id, status, created_at, resolved_at, variant_id, quantity ON `holds` FOR EACH ROW BEGIN
	INSERT INTO report_days (store_id, day, staff_id, holds_placed, holds_active, holds_picked_up, holds_released, holds_expired, picked_up_value_cents) SELECT OLD.store_id, CAST(OLD.created_at / 86400000 AS INTEGER), OLD.staff_id, -1, -1 * (OLD.status = 'active'), -1 * (OLD.status = 'picked_up'), -1 * (OLD.status = 'released'), -1 * (OLD.status = 'expired'), -1 * (OLD.status = 'picked_up') * OLD.quantity * coalesce((SELECT price_cents FROM product_variants WHERE id = OLD.variant_id), 0) WHERE true ON CONFLICT (store_id, day, staff_id) DO UPDATE SET holds_placed = holds_placed + excluded.holds_placed, holds_active = holds_active + excluded.holds_active, holds_picked_up = holds_picked_up + excluded.holds_picked_up, holds_released = holds_released + excluded.holds_released, holds_expired = holds_expired + excluded.holds_expired, picked_up_value_cents = picked_up_value_cents + excluded.picked_up_value_cents;
	INSERT INTO report_hours (store_id, hour, holds_placed) SELECT OLD.store_id, CAST(OLD.created_at / 3600000 AS INTEGER), -1 WHERE true ON CONFLICT (store_id, hour) DO UPDATE SET holds_placed = holds_placed + excluded.holds_placed;
	INSERT INTO report_hours (store_id, hour, holds_picked_up) SELECT OLD.store_id, CAST(OLD.resolved_at / 3600000 AS INTEGER), -1 WHERE OLD.status = 'picked_up' AND OLD.resolved_at IS NOT NULL ON CONFLICT (store_id, hour) DO UPDATE SET holds_picked_up = holds_picked_up + excluded.holds_picked_up;
	INSERT INTO report_days (store_id, day, staff_id, holds_placed, holds_active, holds_picked_up, holds_released, holds_expired, picked_up_value_cents) SELECT NEW.store_id, CAST(NEW.created_at / 86400000 AS INTEGER), NEW.staff_id, 1, 1 * (NEW.status = 'active'), 1 * (NEW.status = 'picked_up'), 1 * (NEW.status = 'released'), 1 * (NEW.status = 'expired'), 1 * (NEW.status = 'picked_up') * NEW.quantity * coalesce((SELECT price_cents FROM product_variants WHERE id = NEW.variant_id), 0) WHERE true ON CONFLICT (store_id, day, staff_id) DO UPDATE SET holds_placed = holds_placed + excluded.holds_placed, holds_active = holds_active + excluded.holds_active, holds_picked_up = holds_picked_up + excluded.holds_picked_up, holds_released = holds_released + excluded.holds_released, holds_expired = holds_expired + excluded.holds_expired, picked_up_value_cents = picked_up_value_cents + excluded.picked_up_value_cents;
	INSERT INTO report_hours (store_id, hour, holds_placed) SELECT NEW.store_id, CAST(NEW.created_at / 3600000 AS INTEGER), 1 WHERE true ON CONFLICT (store_id, hour) DO UPDATE SET holds_placed = holds_placed + excluded.holds_placed;
	INSERT INTO report_hours (store_id, hour, holds_picked_up) SELECT NEW.store_id, CAST(NEW.resolved_at / 3600000 AS INTEGER), 1 WHERE NEW.status = 'picked_up' AND NEW.resolved_at IS NOT NULL ON CONFLICT (store_id, hour) DO UPDATE SET holds_picked_up = holds_picked_up + excluded.holds_picked_up;
END;
--> statement-breakpoint
CREATE TRIGGER `report_mentions_insert` AFTER INSERT ON `social_mentions` FOR EACH ROW BEGIN
	INSERT INTO report_days (store_id, day, staff_id, store_posts, store_posts_answered, store_posts_new) SELECT NEW.store_id, CAST(NEW.posted_at / 86400000 AS INTEGER), '', 1, 1 * (NEW.status = 'replied'), 1 * (NEW.status = 'new') WHERE NEW.store_id IS NOT NULL ON CONFLICT (store_id, day, staff_id) DO UPDATE SET store_posts = store_posts + excluded.store_posts, store_posts_answered = store_posts_answered + excluded.store_posts_answered, store_posts_new = store_posts_new + excluded.store_posts_new;
	INSERT INTO report_days (store_id, day, staff_id, mentions_answered) SELECT NEW.store_id, CAST(NEW.posted_at / 86400000 AS INTEGER), coalesce(NEW.replied_by_staff_id, ''), 1 WHERE NEW.store_id IS NOT NULL AND NEW.status = 'replied' ON CONFLICT (store_id, day, staff_id) DO UPDATE SET mentions_answered = mentions_answered + excluded.mentions_answered;
	UPDATE report_days SET answer_ms = json_insert(answer_ms, '$[#]', NEW.replied_at - NEW.posted_at) WHERE NEW.status = 'replied' AND NEW.replied_at IS NOT NULL AND store_id = NEW.store_id AND day = CAST(NEW.posted_at / 86400000 AS INTEGER) AND staff_id = coalesce(NEW.replied_by_staff_id, '');
	INSERT INTO report_days (store_id, day, staff_id, client_posts, client_posts_answered, client_posts_new) SELECT NEW.store_id, CAST(NEW.posted_at / 86400000 AS INTEGER), (SELECT assigned_staff_id FROM customers WHERE id = NEW.customer_id), 1, 1 * (NEW.status = 'replied'), 1 * (NEW.status = 'new') WHERE NEW.store_id IS NOT NULL AND (SELECT assigned_staff_id FROM customers WHERE id = NEW.customer_id) IS NOT NULL ON CONFLICT (store_id, day, staff_id) DO UPDATE SET client_posts = client_posts + excluded.client_posts, client_posts_answered = client_posts_answered + excluded.client_posts_answered, client_posts_new = client_posts_new + excluded.client_posts_new;
	INSERT INTO report_hours (store_id, hour, posts_received) SELECT NEW.store_id, CAST(NEW.posted_at / 3600000 AS INTEGER), 1 WHERE NEW.store_id IS NOT NULL ON CONFLICT (store_id, hour) DO UPDATE SET posts_received = posts_received + excluded.posts_received;
	INSERT INTO report_hours (store_id, hour, posts_answered) SELECT NEW.store_id, CAST(NEW.replied_at / 3600000 AS INTEGER), 1 WHERE NEW.store_id IS NOT NULL AND NEW.status = 'replied' AND NEW.replied_at IS NOT NULL ON CONFLICT (store_id, hour) DO UPDATE SET posts_answered = posts_answered + excluded.posts_answered;
END;
--> statement-breakpoint
CREATE TRIGGER `report_mentions_delete` AFTER DELETE ON `social_mentions` FOR EACH ROW BEGIN
	INSERT INTO report_days (store_id, day, staff_id, store_posts, store_posts_answered, store_posts_new) SELECT OLD.store_id, CAST(OLD.posted_at / 86400000 AS INTEGER), '', -1, -1 * (OLD.status = 'replied'), -1 * (OLD.status = 'new') WHERE OLD.store_id IS NOT NULL ON CONFLICT (store_id, day, staff_id) DO UPDATE SET store_posts = store_posts + excluded.store_posts, store_posts_answered = store_posts_answered + excluded.store_posts_answered, store_posts_new = store_posts_new + excluded.store_posts_new;
	INSERT INTO report_days (store_id, day, staff_id, mentions_answered) SELECT OLD.store_id, CAST(OLD.posted_at / 86400000 AS INTEGER), coalesce(OLD.replied_by_staff_id, ''), -1 WHERE OLD.store_id IS NOT NULL AND OLD.status = 'replied' ON CONFLICT (store_id, day, staff_id) DO UPDATE SET mentions_answered = mentions_answered + excluded.mentions_answered;
	INSERT INTO report_days (store_id, day, staff_id, client_posts, client_posts_answered, client_posts_new) SELECT OLD.store_id, CAST(OLD.posted_at / 86400000 AS INTEGER), (SELECT assigned_staff_id FROM customers WHERE id = OLD.customer_id), -1, -1 * (OLD.status = 'replied'), -1 * (OLD.status = 'new') WHERE OLD.store_id IS NOT NULL AND (SELECT assigned_staff_id FROM customers WHERE id = OLD.customer_id) IS NOT NULL ON CONFLICT (store_id, day, staff_id) DO UPDATE SET client_posts = client_posts + excluded.client_posts, client_posts_answered = client_posts_answered + excluded.client_posts_answered, client_posts_new = client_posts_new + excluded.client_posts_new;
	INSERT INTO report_hours (store_id, hour, posts_received) SELECT OLD.store_id, CAST(OLD.posted_at / 3600000 AS INTEGER), -1 WHERE OLD.store_id IS NOT NULL ON CONFLICT (store_id, hour) DO UPDATE SET posts_received = posts_received + excluded.posts_received;
	INSERT INTO report_hours (store_id, hour, posts_answered) SELECT OLD.store_id, CAST(OLD.replied_at / 3600000 AS INTEGER), -1 WHERE OLD.store_id IS NOT NULL AND OLD.status = 'replied' AND OLD.replied_at IS NOT NULL ON CONFLICT (store_id, hour) DO UPDATE SET posts_answered = posts_answered + excluded.posts_answered;
	UPDATE report_days SET answer_ms = (SELECT json_group_array(m.replied_at - m.posted_at) FROM social_mentions m WHERE m.store_id = OLD.store_id AND m.posted_at >= CAST(OLD.posted_at / 86400000 AS INTEGER) * 86400000 AND m.posted_at < (CAST(OLD.posted_at / 86400000 AS INTEGER) + 1) * 86400000 AND m.status = 'replied' AND m.replied_at IS NOT NULL AND coalesce(m.replied_by_staff_id, '') = coalesce(OLD.replied_by_staff_id, '')) WHERE OLD.status = 'replied' AND store_id = OLD.store_id AND day = CAST(OLD.posted_at / 86400000 AS INTEGER) AND staff_id = coalesce(OLD.replied_by_staff_id, '');
END;
--> statement-breakpoint
CREATE TRIGGER `report_mentions_update` AFTER UPDATE OF store_id, status, posted_at, replied_at, replied_by_staff_id, customer_id ON `social_mentions` FOR EACH ROW BEGIN
	INSERT INTO report_days (store_id, day, staff_id, store_posts, store_posts_answered, store_posts_new) SELECT OLD.store_id, CAST(OLD.posted_at / 86400000 AS INTEGER), '', -1, -1 * (OLD.status = 'replied'), -1 * (OLD.status = 'new') WHERE OLD.store_id IS NOT NULL ON CONFLICT (store_id, day, staff_id) DO UPDATE SET store_posts = store_posts + excluded.store_posts, store_posts_answered = store_posts_answered + excluded.store_posts_answered, store_posts_new = store_posts_new + excluded.store_posts_new;
	INSERT INTO report_days (store_id, day, staff_id, mentions_answered) SELECT OLD.store_id, CAST(OLD.posted_at / 86400000 AS INTEGER), coalesce(OLD.replied_by_staff_id, ''), -1 WHERE OLD.store_id IS NOT NULL AND OLD.status = 'replied' ON CONFLICT (store_id, day, staff_id) DO UPDATE SET mentions_answered = mentions_answered + excluded.mentions_answered;
	INSERT INTO report_days (store_id, day, staff_id, client_posts, client_posts_answered, client_posts_new) SELECT OLD.store_id, CAST(OLD.posted_at / 86400000 AS INTEGER), (SELECT assigned_staff_id FROM customers WHERE id = OLD.customer_id), -1, -1 * (OLD.status = 'replied'), -1 * (OLD.status = 'new') WHERE OLD.store_id IS NOT NULL AND (SELECT assigned_staff_id FROM customers WHERE id = OLD.customer_id) IS NOT NULL ON CONFLICT (store_id, day, staff_id) DO UPDATE SET client_posts = client_posts + excluded.client_posts, client_posts_answered = client_posts_answered + excluded.client_posts_answered, client_posts_new = client_posts_new + excluded.client_posts_new;
	INSERT INTO report_hours (store_id, hour, posts_received) SELECT OLD.store_id, CAST(OLD.posted_at / 3600000 AS INTEGER), -1 WHERE OLD.store_id IS NOT NULL ON CONFLICT (store_id, hour) DO UPDATE SET posts_received = posts_received + excluded.posts_received;
	INSERT INTO report_hours (store_id, hour, posts_answered) SELECT OLD.store_id, CAST(OLD.replied_at / 3600000 AS INTEGER), -1 WHERE OLD.store_id IS NOT NULL AND OLD.status = 'replied' AND OLD.replied_at IS NOT NULL ON CONFLICT (store_id, hour) DO UPDATE SET posts_answered = posts_answered + excluded.posts_answered;
	INSERT INTO report_days (store_id, day, staff_id, store_posts, store_posts_answered, store_posts_new) SELECT NEW.store_id, CAST(NEW.posted_at / 86400000 AS INTEGER), '', 1, 1 * (NEW.status = 'replied'), 1 * (NEW.status = 'new') WHERE NEW.store_id IS NOT NULL ON CONFLICT (store_id, day, staff_id) DO UPDATE SET store_posts = store_posts + excluded.store_posts, store_posts_answered = store_posts_answered + excluded.store_posts_answered, store_posts_new = store_posts_new + excluded.store_posts_new;
	INSERT INTO report_days (store_id, day, staff_id, mentions_answered) SELECT NEW.store_id, CAST(NEW.posted_at / 86400000 AS INTEGER), coalesce(NEW.replied_by_staff_id, ''), 1 WHERE NEW.store_id IS NOT NULL AND NEW.status = 'replied' ON CONFLICT (store_id, day, staff_id) DO UPDATE SET mentions_answered = mentions_answered + excluded.mentions_answered;
	INSERT INTO report_days (store_id, day, staff_id, client_posts, client_posts_answered, client_posts_new) SELECT NEW.store_id, CAST(NEW.posted_at / 86400000 AS INTEGER), (SELECT assigned_staff_id FROM customers WHERE id = NEW.customer_id), 1, 1 * (NEW.status = 'replied'), 1 * (NEW.status = 'new') WHERE NEW.store_id IS NOT NULL AND (SELECT assigned_staff_id FROM customers WHERE id = NEW.customer_id) IS NOT NULL ON CONFLICT (store_id, day, staff_id) DO UPDATE SET client_posts = client_posts + excluded.client_posts, client_posts_answered = client_posts_answered + excluded.client_posts_answered, client_posts_new = client_posts_new + excluded.client_posts_new;
	INSERT INTO report_hours (store_id, hour, posts_received) SELECT NEW.store_id, CAST(NEW.posted_at / 3600000 AS INTEGER), 1 WHERE NEW.store_id IS NOT NULL ON CONFLICT (store_id, hour) DO UPDATE SET posts_received = posts_received + excluded.posts_received;
	INSERT INTO report_hours (store_id, hour, posts_answered) SELECT NEW.store_id, CAST(NEW.replied_at / 3600000 AS INTEGER), 1 WHERE NEW.store_id IS NOT NULL AND NEW.status = 'replied' AND NEW.replied_at IS NOT NULL ON CONFLICT (store_id, hour) DO UPDATE SET posts_answered = posts_answered + excluded.posts_answered;
	UPDATE report_days SET answer_ms = (SELECT json_group_array(m.replied_at - m.posted_at) FROM social_mentions m WHERE m.store_id = OLD.store_id AND m.posted_at >= CAST(OLD.posted_at / 86400000 AS INTEGER) * 86400000 AND m.posted_at < (CAST(OLD.posted_at / 86400000 AS INTEGER) + 1) * 86400000 AND m.status = 'replied' AND m.replied_at IS NOT NULL AND coalesce(m.replied_by_staff_id, '') = coalesce(OLD.replied_by_staff_id, '')) WHERE OLD.status = 'replied' AND store_id = OLD.store_id AND day = CAST(OLD.posted_at / 86400000 AS INTEGER) AND staff_id = coalesce(OLD.replied_by_staff_id, '');
	UPDATE report_days SET answer_ms = (SELECT json_group_array(m.replied_at - m.posted_at) FROM social_mentions m WHERE m.store_id = NEW.store_id AND m.posted_at >= CAST(NEW.posted_at / 86400000 AS INTEGER) * 86400000 AND m.posted_at < (CAST(NEW.posted_at / 86400000 AS INTEGER) + 1) * 86400000 AND m.status = 'replied' AND m.replied_at IS NOT NULL AND coalesce(m.replied_by_staff_id, '') = coalesce(NEW.replied_by_staff_id, '')) WHERE NEW.status = 'replied' AND store_id = NEW.store_id AND day = CAST(NEW.posted_at / 86400000 AS INTEGER) AND staff_id = coalesce(NEW.replied_by_staff_id, '');
END;
--> statement-breakpoint
CREATE TRIGGER `report_customers_reassign` AFTER UPDATE OF assigned_staff_id ON `customers` FOR EACH ROW WHEN OLD.assigned_staff_id IS NOT NEW.assigned_staff_id BEGIN
	INSERT INTO report_days (store_id, day, staff_id, client_posts, client_posts_answered, client_posts_new) SELECT store_id, CAST(posted_at / 86400000 AS INTEGER), OLD.assigned_staff_id, -1 * count(*), -1 * sum(status = 'replied'), -1 * sum(status = 'new') FROM social_mentions WHERE customer_id = NEW.id AND store_id IS NOT NULL AND OLD.assigned_staff_id IS NOT NULL GROUP BY 1, 2, 3 ON CONFLICT (store_id, day, staff_id) DO UPDATE SET client_posts = client_posts + excluded.client_posts, client_posts_answered = client_posts_answered + excluded.client_posts_answered, client_posts_new = client_posts_new + excluded.client_posts_new;
	INSERT INTO report_days (store_id, day, staff_id, client_posts, client_posts_answered, client_posts_new) SELECT store_id, CAST(posted_at / 86400000 AS INTEGER), NEW.assigned_staff_id, 1 * count(*), 1 * sum(status = 'replied'), 1 * sum(status = 'new') FROM social_mentions WHERE customer_id = NEW.id AND store_id IS NOT NULL AND NEW.assigned_staff_id IS NOT NULL GROUP BY 1, 2, 3 ON CONFLICT (store_id, day, staff_id) DO UPDATE SET client_posts = client_posts + excluded.client_posts, client_posts_answered = client_posts_answered + excluded.client_posts_answered, client_posts_new = client_posts_new + excluded.client_posts_new;
END;
--> statement-breakpoint
CREATE TRIGGER `report_notes_insert` AFTER INSERT ON `notes` FOR EACH ROW BEGIN
	INSERT INTO report_days (store_id, day, staff_id, notes_written) SELECT NEW.store_id, CAST(NEW.created_at / 86400000 AS INTEGER), NEW.staff_id, 1 WHERE true ON CONFLICT (store_id, day, staff_id) DO UPDATE SET notes_written = notes_written + excluded.notes_written;
END;
--> statement-breakpoint
CREATE TRIGGER `report_notes_delete` AFTER DELETE ON `notes` FOR EACH ROW BEGIN
	INSERT INTO report_days (store_id, day, staff_id, notes_written) SELECT OLD.store_id, CAST(OLD.created_at / 86400000 AS INTEGER), OLD.staff_id, -1 WHERE true ON CONFLICT (store_id, day, staff_id) DO UPDATE SET notes_written = notes_written + excluded.notes_written;
END;
--> statement-breakpoint
CREATE TRIGGER `report_notes_update` AFTER UPDATE OF store_id, staff_id, created_at ON `notes` FOR EACH ROW BEGIN
	INSERT INTO report_days (store_id, day, staff_id, notes_written) SELECT OLD.store_id, CAST(OLD.created_at / 86400000 AS INTEGER), OLD.staff_id, -1 WHERE true ON CONFLICT (store_id, day, staff_id) DO UPDATE SET notes_written = notes_written + excluded.notes_written;
	INSERT INTO report_days (store_id, day, staff_id, notes_written) SELECT NEW.store_id, CAST(NEW.created_at / 86400000 AS INTEGER), NEW.staff_id, 1 WHERE true ON CONFLICT (store_id, day, staff_id) DO UPDATE SET notes_written = notes_written + excluded.notes_written;
END;
--> statement-breakpoint
CREATE TRIGGER `report_follow_ups_insert` AFTER INSERT ON `follow_ups` FOR EACH ROW BEGIN
	INSERT INTO report_days (store_id, day, staff_id, follow_ups_done) SELECT NEW.store_id, CAST(NEW.done_at / 86400000 AS INTEGER), NEW.done_by_staff_id, 1 WHERE NEW.status = 'done' AND NEW.done_at IS NOT NULL AND NEW.done_by_staff_id IS NOT NULL ON CONFLICT (store_id, day, staff_id) DO UPDATE SET follow_ups_done = follow_ups_done + excluded.follow_ups_done;
END;
--> statement-breakpoint
CREATE TRIGGER `report_follow_ups_delete` AFTER DELETE ON `follow_ups` FOR EACH ROW BEGIN
	INSERT INTO report_days (store_id, day, staff_id, follow_ups_done) SELECT OLD.store_id, CAST(OLD.done_at / 86400000 AS INTEGER), OLD.done_by_staff_id, -1 WHERE OLD.status = 'done' AND OLD.done_at IS NOT NULL AND OLD.done_by_staff_id IS NOT NULL ON CONFLICT (store_id, day, staff_id) DO UPDATE SET follow_ups_done = follow_ups_done + excluded.follow_ups_done;
END;
--> statement-breakpoint
CREATE TRIGGER `report_follow_ups_update` AFTER UPDATE OF store_id, status, done_at, done_by_staff_id ON `follow_ups` FOR EACH ROW BEGIN
	INSERT INTO report_days (store_id, day, staff_id, follow_ups_done) SELECT OLD.store_id, CAST(OLD.done_at / 86400000 AS INTEGER), OLD.done_by_staff_id, -1 WHERE OLD.status = 'done' AND OLD.done_at IS NOT NULL AND OLD.done_by_staff_id IS NOT NULL ON CONFLICT (store_id, day, staff_id) DO UPDATE SET follow_ups_done = follow_ups_done + excluded.follow_ups_done;
	INSERT INTO report_days (store_id, day, staff_id, follow_ups_done) SELECT NEW.store_id, CAST(NEW.done_at / 86400000 AS INTEGER), NEW.done_by_staff_id, 1 WHERE NEW.status = 'done' AND NEW.done_at IS NOT NULL AND NEW.done_by_staff_id IS NOT NULL ON CONFLICT (store_id, day, staff_id) DO UPDATE SET follow_ups_done = follow_ups_done + excluded.follow_ups_done;
END;
--> statement-breakpoint
CREATE TRIGGER `report_contacts_insert` AFTER INSERT ON `contacts` FOR EACH ROW BEGIN
	UPDATE report_days SET contacted_last = contacted_last - 1 WHERE store_id = NEW.store_id AND staff_id = NEW.staff_id AND day = (SELECT CAST(last_at / 86400000 AS INTEGER) FROM report_contact_pairs WHERE store_id = NEW.store_id AND staff_id = NEW.staff_id AND customer_id = NEW.customer_id);
	DELETE FROM report_contact_pairs WHERE store_id = NEW.store_id AND staff_id = NEW.staff_id AND customer_id = NEW.customer_id;
	INSERT INTO report_contact_pairs (store_id, staff_id, customer_id, last_at) SELECT NEW.store_id, NEW.staff_id, NEW.customer_id, max(at) FROM contacts WHERE customer_id = NEW.customer_id AND store_id = NEW.store_id AND staff_id = NEW.staff_id HAVING max(at) IS NOT NULL;
	INSERT INTO report_days (store_id, day, staff_id, contacted_last) SELECT store_id, CAST(last_at / 86400000 AS INTEGER), staff_id, 1 FROM report_contact_pairs WHERE store_id = NEW.store_id AND staff_id = NEW.staff_id AND customer_id = NEW.customer_id ON CONFLICT (store_id, day, staff_id) DO UPDATE SET contacted_last = contacted_last + excluded.contacted_last;
	UPDATE report_days SET contacted_last = contacted_last - 1 WHERE store_id = NEW.store_id AND staff_id = '' AND day = (SELECT CAST(last_at / 86400000 AS INTEGER) FROM report_contact_pairs WHERE store_id = NEW.store_id AND staff_id = '' AND customer_id = NEW.customer_id);
	DELETE FROM report_contact_pairs WHERE store_id = NEW.store_id AND staff_id = '' AND customer_id = NEW.customer_id;
	INSERT INTO report_contact_pairs (store_id, staff_id, customer_id, last_at) SELECT NEW.store_id, '', NEW.customer_id, max(at) FROM contacts WHERE customer_id = NEW.customer_id AND store_id = NEW.store_id  HAVING max(at) IS NOT NULL;
	INSERT INTO report_days (store_id, day, staff_id, contacted_last) SELECT store_id, CAST(last_at / 86400000 AS INTEGER), staff_id, 1 FROM report_contact_pairs WHERE store_id = NEW.store_id AND staff_id = '' AND customer_id = NEW.customer_id ON CONFLICT (store_id, day, staff_id) DO UPDATE SET contacted_last = contacted_last + excluded.contacted_last;
END;
--> statement-breakpoint
CREATE TRIGGER `report_contacts_delete` AFTER DELETE ON `contacts` FOR EACH ROW BEGIN
	UPDATE report_days SET contacted_last = contacted_last - 1 WHERE store_id = OLD.store_id AND staff_id = OLD.staff_id AND day = (SELECT CAST(last_at / 86400000 AS INTEGER) FROM report_contact_pairs WHERE store_id = OLD.store_id AND staff_id = OLD.staff_id AND customer_id = OLD.customer_id);
	DELETE FROM report_contact_pairs WHERE store_id = OLD.store_id AND staff_id = OLD.staff_id AND customer_id = OLD.customer_id;
	INSERT INTO report_contact_pairs (store_id, staff_id, customer_id, last_at) SELECT OLD.store_id, OLD.staff_id, OLD.customer_id, max(at) FROM contacts WHERE customer_id = OLD.customer_id AND store_id = OLD.store_id AND staff_id = OLD.staff_id HAVING max(at) IS NOT NULL;
	INSERT INTO report_days (store_id, day, staff_id, contacted_last) SELECT store_id, CAST(last_at / 86400000 AS INTEGER), staff_id, 1 FROM report_contact_pairs WHERE store_id = OLD.store_id AND staff_id = OLD.staff_id AND customer_id = OLD.customer_id ON CONFLICT (store_id, day, staff_id) DO UPDATE SET contacted_last = contacted_last + excluded.contacted_last;
	UPDATE report_days SET contacted_last = contacted_last - 1 WHERE store_id = OLD.store_id AND staff_id = '' AND day = (SELECT CAST(last_at / 86400000 AS INTEGER) FROM report_contact_pairs WHERE store_id = OLD.store_id AND staff_id = '' AND customer_id = OLD.customer_id);
	DELETE FROM report_contact_pairs WHERE store_id = OLD.store_id AND staff_id = '' AND customer_id = OLD.customer_id;
	INSERT INTO report_contact_pairs (store_id, staff_id, customer_id, last_at) SELECT OLD.store_id, '', OLD.customer_id, max(at) FROM contacts WHERE customer_id = OLD.customer_id AND store_id = OLD.store_id  HAVING max(at) IS NOT NULL;
	INSERT INTO report_days (store_id, day, staff_id, contacted_last) SELECT store_id, CAST(last_at / 86400000 AS INTEGER), staff_id, 1 FROM report_contact_pairs WHERE store_id = OLD.store_id AND staff_id = '' AND customer_id = OLD.customer_id ON CONFLICT (store_id, day, staff_id) DO UPDATE SET contacted_last = contacted_last + excluded.contacted_last;
END;
--> statement-breakpoint
CREATE TRIGGER `report_contacts_update` AFTER UPDATE OF store_id, staff_id, customer_id, at ON `contacts` FOR EACH ROW BEGIN
	UPDATE report_days SET contacted_last = contacted_last - 1 WHERE store_id = OLD.store_id AND staff_id = OLD.staff_id AND day = (SELECT CAST(last_at / 86400000 AS INTEGER) FROM report_contact_pairs WHERE store_id = OLD.store_id AND staff_id = OLD.staff_id AND customer_id = OLD.customer_id);
	DELETE FROM report_contact_pairs WHERE store_id = OLD.store_id AND staff_id = OLD.staff_id AND customer_id = OLD.customer_id;
	INSERT INTO report_contact_pairs (store_id, staff_id, customer_id, last_at) SELECT OLD.store_id, OLD.staff_id, OLD.customer_id, max(at) FROM contacts WHERE customer_id = OLD.customer_id AND store_id = OLD.store_id AND staff_id = OLD.staff_id HAVING max(at) IS NOT NULL;
	INSERT INTO report_days (store_id, day, staff_id, contacted_last) SELECT store_id, CAST(last_at / 86400000 AS INTEGER), staff_id, 1 FROM report_contact_pairs WHERE store_id = OLD.store_id AND staff_id = OLD.staff_id AND customer_id = OLD.customer_id ON CONFLICT (store_id, day, staff_id) DO UPDATE SET contacted_last = contacted_last + excluded.contacted_last;
	UPDATE report_days SET contacted_last = contacted_last - 1 WHERE store_id = OLD.store_id AND staff_id = '' AND day = (SELECT CAST(last_at / 86400000 AS INTEGER) FROM report_contact_pairs WHERE store_id = OLD.store_id AND staff_id = '' AND customer_id = OLD.customer_id);
	DELETE FROM report_contact_pairs WHERE store_id = OLD.store_id AND staff_id = '' AND customer_id = OLD.customer_id;
	INSERT INTO report_contact_pairs (store_id, staff_id, customer_id, last_at) SELECT OLD.store_id, '', OLD.customer_id, max(at) FROM contacts WHERE customer_id = OLD.customer_id AND store_id = OLD.store_id  HAVING max(at) IS NOT NULL;
	INSERT INTO report_days (store_id, day, staff_id, contacted_last) SELECT store_id, CAST(last_at / 86400000 AS INTEGER), staff_id, 1 FROM report_contact_pairs WHERE store_id = OLD.store_id AND staff_id = '' AND customer_id = OLD.customer_id ON CONFLICT (store_id, day, staff_id) DO UPDATE SET contacted_last = contacted_last + excluded.contacted_last;
	UPDATE report_days SET contacted_last = contacted_last - 1 WHERE store_id = NEW.store_id AND staff_id = NEW.staff_id AND day = (SELECT CAST(last_at / 86400000 AS INTEGER) FROM report_contact_pairs WHERE store_id = NEW.store_id AND staff_id = NEW.staff_id AND customer_id = NEW.customer_id);
	DELETE FROM report_contact_pairs WHERE store_id = NEW.store_id AND staff_id = NEW.staff_id AND customer_id = NEW.customer_id;
	INSERT INTO report_contact_pairs (store_id, staff_id, customer_id, last_at) SELECT NEW.store_id, NEW.staff_id, NEW.customer_id, max(at) FROM contacts WHERE customer_id = NEW.customer_id AND store_id = NEW.store_id AND staff_id = NEW.staff_id HAVING max(at) IS NOT NULL;
	INSERT INTO report_days (store_id, day, staff_id, contacted_last) SELECT store_id, CAST(last_at / 86400000 AS INTEGER), staff_id, 1 FROM report_contact_pairs WHERE store_id = NEW.store_id AND staff_id = NEW.staff_id AND customer_id = NEW.customer_id ON CONFLICT (store_id, day, staff_id) DO UPDATE SET contacted_last = contacted_last + excluded.contacted_last;
	UPDATE report_days SET contacted_last = contacted_last - 1 WHERE store_id = NEW.store_id AND staff_id = '' AND day = (SELECT CAST(last_at / 86400000 AS INTEGER) FROM report_contact_pairs WHERE store_id = NEW.store_id AND staff_id = '' AND customer_id = NEW.customer_id);
	DELETE FROM report_contact_pairs WHERE store_id = NEW.store_id AND staff_id = '' AND customer_id = NEW.customer_id;
	INSERT INTO report_contact_pairs (store_id, staff_id, customer_id, last_at) SELECT NEW.store_id, '', NEW.customer_id, max(at) FROM contacts WHERE customer_id = NEW.customer_id AND store_id = NEW.store_id  HAVING max(at) IS NOT NULL;
	INSERT INTO report_days (store_id, day, staff_id, contacted_last) SELECT store_id, CAST(last_at / 86400000 AS INTEGER), staff_id, 1 FROM report_contact_pairs WHERE store_id = NEW.store_id AND staff_id = '' AND customer_id = NEW.customer_id ON CONFLICT (store_id, day, staff_id) DO UPDATE SET contacted_last = contacted_last + excluded.contacted_last;
END;
--> statement-breakpoint
CREATE TRIGGER `report_variants_price` AFTER UPDATE OF price_cents ON `product_variants` FOR EACH ROW WHEN OLD.price_cents IS NOT NEW.price_cents BEGIN
	INSERT INTO report_days (store_id, day, staff_id, picked_up_value_cents) SELECT store_id, CAST(created_at / 86400000 AS INTEGER), staff_id, (NEW.price_cents - OLD.price_cents) * sum(quantity) FROM holds WHERE variant_id = NEW.id AND status = 'picked_up' GROUP BY 1, 2, 3 ON CONFLICT (store_id, day, staff_id) DO UPDATE SET picked_up_value_cents = picked_up_value_cents + excluded.picked_up_value_cents;
END;
--> statement-breakpoint
INSERT INTO report_days (store_id, day, staff_id, holds_placed, holds_active, holds_picked_up, holds_released, holds_expired, picked_up_value_cents) SELECT h.store_id, CAST(h.created_at / 86400000 AS INTEGER), h.staff_id, count(*), sum(h.status = 'active'), sum(h.status = 'picked_up'), sum(h.status = 'released'), sum(h.status = 'expired'), sum(CASE WHEN h.status = 'picked_up' THEN h.quantity * v.price_cents ELSE 0 END) FROM holds h JOIN product_variants v ON v.id = h.variant_id WHERE true GROUP BY 1, 2, 3 ON CONFLICT (store_id, day, staff_id) DO UPDATE SET holds_placed = holds_placed + excluded.holds_placed, holds_active = holds_active + excluded.holds_active, holds_picked_up = holds_picked_up + excluded.holds_picked_up, holds_released = holds_released + excluded.holds_released, holds_expired = holds_expired + excluded.holds_expired, picked_up_value_cents = picked_up_value_cents + excluded.picked_up_value_cents;
--> statement-breakpoint
INSERT INTO report_hours (store_id, hour, holds_placed) SELECT store_id, CAST(created_at / 3600000 AS INTEGER), count(*) FROM holds WHERE true GROUP BY 1, 2 ON CONFLICT (store_id, hour) DO UPDATE SET holds_placed = holds_placed + excluded.holds_placed;
--> statement-breakpoint
INSERT INTO report_hours (store_id, hour, holds_picked_up) SELECT store_id, CAST(resolved_at / 3600000 AS INTEGER), count(*) FROM holds WHERE status = 'picked_up' AND resolved_at IS NOT NULL GROUP BY 1, 2 ON CONFLICT (store_id, hour) DO UPDATE SET holds_picked_up = holds_picked_up + excluded.holds_picked_up;
--> statement-breakpoint
INSERT INTO report_days (store_id, day, staff_id, store_posts, store_posts_answered, store_posts_new) SELECT store_id, CAST(posted_at / 86400000 AS INTEGER), '', count(*), sum(status = 'replied'), sum(status = 'new') FROM social_mentions WHERE store_id IS NOT NULL GROUP BY 1, 2, 3 ON CONFLICT (store_id, day, staff_id) DO UPDATE SET store_posts = store_posts + excluded.store_posts, store_posts_answered = store_posts_answered + excluded.store_posts_answered, store_posts_new = store_posts_new + excluded.store_posts_new;
--> statement-breakpoint
INSERT INTO report_days (store_id, day, staff_id, mentions_answered) SELECT store_id, CAST(posted_at / 86400000 AS INTEGER), coalesce(replied_by_staff_id, ''), count(*) FROM social_mentions WHERE store_id IS NOT NULL AND status = 'replied' GROUP BY 1, 2, 3 ON CONFLICT (store_id, day, staff_id) DO UPDATE SET mentions_answered = mentions_answered + excluded.mentions_answered;
--> statement-breakpoint
UPDATE report_days SET answer_ms = (SELECT json_group_array(m.replied_at - m.posted_at) FROM social_mentions m WHERE m.store_id = report_days.store_id AND m.posted_at >= report_days.day * 86400000 AND m.posted_at < (report_days.day + 1) * 86400000 AND m.status = 'replied' AND m.replied_at IS NOT NULL AND coalesce(m.replied_by_staff_id, '') = report_days.staff_id) WHERE mentions_answered > 0;
--> statement-breakpoint
INSERT INTO report_days (store_id, day, staff_id, client_posts, client_posts_answered, client_posts_new) SELECT m.store_id, CAST(m.posted_at / 86400000 AS INTEGER), c.assigned_staff_id, count(*), sum(m.status = 'replied'), sum(m.status = 'new') FROM social_mentions m JOIN customers c ON c.id = m.customer_id WHERE m.store_id IS NOT NULL AND c.assigned_staff_id IS NOT NULL GROUP BY 1, 2, 3 ON CONFLICT (store_id, day, staff_id) DO UPDATE SET client_posts = client_posts + excluded.client_posts, client_posts_answered = client_posts_answered + excluded.client_posts_answered, client_posts_new = client_posts_new + excluded.client_posts_new;
--> statement-breakpoint
INSERT INTO report_hours (store_id, hour, posts_received) SELECT store_id, CAST(posted_at / 3600000 AS INTEGER), count(*) FROM social_mentions WHERE store_id IS NOT NULL GROUP BY 1, 2 ON CONFLICT (store_id, hour) DO UPDATE SET posts_received = posts_received + excluded.posts_received;
--> statement-breakpoint
INSERT INTO report_hours (store_id, hour, posts_answered) SELECT store_id, CAST(replied_at / 3600000 AS INTEGER), count(*) FROM social_mentions WHERE store_id IS NOT NULL AND status = 'replied' AND replied_at IS NOT NULL GROUP BY 1, 2 ON CONFLICT (store_id, hour) DO UPDATE SET posts_answered = posts_answered + excluded.posts_answered;
--> statement-breakpoint
INSERT INTO report_days (store_id, day, staff_id, notes_written) SELECT store_id, CAST(created_at / 86400000 AS INTEGER), staff_id, count(*) FROM notes WHERE true GROUP BY 1, 2, 3 ON CONFLICT (store_id, day, staff_id) DO UPDATE SET notes_written = notes_written + excluded.notes_written;
--> statement-breakpoint
INSERT INTO report_days (store_id, day, staff_id, follow_ups_done) SELECT store_id, CAST(done_at / 86400000 AS INTEGER), done_by_staff_id, count(*) FROM follow_ups WHERE status = 'done' AND done_at IS NOT NULL AND done_by_staff_id IS NOT NULL GROUP BY 1, 2, 3 ON CONFLICT (store_id, day, staff_id) DO UPDATE SET follow_ups_done = follow_ups_done + excluded.follow_ups_done;
--> statement-breakpoint
INSERT INTO report_contact_pairs (store_id, staff_id, customer_id, last_at) SELECT store_id, staff_id, customer_id, max(at) FROM contacts GROUP BY store_id, staff_id, customer_id;
--> statement-breakpoint
INSERT INTO report_contact_pairs (store_id, staff_id, customer_id, last_at) SELECT store_id, '', customer_id, max(at) FROM contacts GROUP BY store_id, customer_id;
--> statement-breakpoint
INSERT INTO report_days (store_id, day, staff_id, contacted_last) SELECT store_id, CAST(last_at / 86400000 AS INTEGER), staff_id, count(*) FROM report_contact_pairs WHERE true GROUP BY 1, 2, 3 ON CONFLICT (store_id, day, staff_id) DO UPDATE SET contacted_last = contacted_last + excluded.contacted_last;
