CREATE TABLE "report_contact_pairs" (
	"store_id" text NOT NULL,
	"staff_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"last_at" bigint NOT NULL,
	CONSTRAINT "report_contact_pairs_store_id_staff_id_customer_id_pk" PRIMARY KEY("store_id","staff_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "report_days" (
	"store_id" text NOT NULL,
	"day" integer NOT NULL,
	"staff_id" text NOT NULL,
	"holds_placed" integer DEFAULT 0 NOT NULL,
	"holds_active" integer DEFAULT 0 NOT NULL,
	"holds_picked_up" integer DEFAULT 0 NOT NULL,
	"holds_released" integer DEFAULT 0 NOT NULL,
	"holds_expired" integer DEFAULT 0 NOT NULL,
	"picked_up_value_cents" integer DEFAULT 0 NOT NULL,
	"notes_written" integer DEFAULT 0 NOT NULL,
	"follow_ups_done" integer DEFAULT 0 NOT NULL,
	"mentions_answered" integer DEFAULT 0 NOT NULL,
	"answer_ms" text DEFAULT '[]' NOT NULL,
	"client_posts" integer DEFAULT 0 NOT NULL,
	"client_posts_answered" integer DEFAULT 0 NOT NULL,
	"client_posts_new" integer DEFAULT 0 NOT NULL,
	"store_posts" integer DEFAULT 0 NOT NULL,
	"store_posts_answered" integer DEFAULT 0 NOT NULL,
	"store_posts_new" integer DEFAULT 0 NOT NULL,
	"contacted_last" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "report_days_store_id_day_staff_id_pk" PRIMARY KEY("store_id","day","staff_id")
);
--> statement-breakpoint
CREATE TABLE "report_hours" (
	"store_id" text NOT NULL,
	"hour" integer NOT NULL,
	"holds_placed" integer DEFAULT 0 NOT NULL,
	"holds_picked_up" integer DEFAULT 0 NOT NULL,
	"posts_received" integer DEFAULT 0 NOT NULL,
	"posts_answered" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "report_hours_store_id_hour_pk" PRIMARY KEY("store_id","hour")
);
--> statement-breakpoint
CREATE INDEX "report_contact_pairs_last_idx" ON "report_contact_pairs" USING btree ("store_id","last_at","staff_id");--> statement-breakpoint
-- Triggers keep the roll-ups current in every writer's own transaction; then a backfill from the rows already there.
CREATE FUNCTION report_hold_apply(r holds, s integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_days (store_id, day, staff_id, holds_placed, holds_active, holds_picked_up, holds_released, holds_expired, picked_up_value_cents) SELECT r.store_id, (r.created_at / 86400000)::integer, r.staff_id, s, s * (r.status = 'active')::integer, s * (r.status = 'picked_up')::integer, s * (r.status = 'released')::integer, s * (r.status = 'expired')::integer, s * (r.status = 'picked_up')::integer * r.quantity * coalesce((SELECT price_cents FROM product_variants WHERE id = r.variant_id), 0) WHERE true ON CONFLICT (store_id, day, staff_id) DO UPDATE SET holds_placed = report_days.holds_placed + excluded.holds_placed, holds_active = report_days.holds_active + excluded.holds_active, holds_picked_up = report_days.holds_picked_up + excluded.holds_picked_up, holds_released = report_days.holds_released + excluded.holds_released, holds_expired = report_days.holds_expired + excluded.holds_expired, picked_up_value_cents = report_days.picked_up_value_cents + excluded.picked_up_value_cents;
	INSERT INTO report_hours (store_id, hour, holds_placed) SELECT r.store_id, (r.created_at / 3600000)::integer, s WHERE true ON CONFLICT (store_id, hour) DO UPDATE SET holds_placed = report_hours.holds_placed + excluded.holds_placed;
	INSERT INTO report_hours (store_id, hour, holds_picked_up) SELECT r.store_id, (r.resolved_at / 3600000)::integer, s WHERE r.status = 'picked_up' AND r.resolved_at IS NOT NULL ON CONFLICT (store_id, hour) DO UPDATE SET holds_picked_up = report_hours.holds_picked_up + excluded.holds_picked_up;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION report_holds_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM report_hold_apply(OLD, -1); END IF;
	IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM report_hold_apply(NEW, 1); END IF;
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER report_holds AFTER INSERT OR DELETE OR UPDATE OF store_id, staff_id, status, created_at, resolved_at, variant_id, quantity ON holds FOR EACH ROW EXECUTE FUNCTION report_holds_change();
--> statement-breakpoint
CREATE FUNCTION report_mention_apply(r social_mentions, s integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	IF r.store_id IS NULL THEN RETURN; END IF;
	INSERT INTO report_days (store_id, day, staff_id, store_posts, store_posts_answered, store_posts_new) SELECT r.store_id, (r.posted_at / 86400000)::integer, '', s, s * (r.status = 'replied')::integer, s * (r.status = 'new')::integer WHERE true ON CONFLICT (store_id, day, staff_id) DO UPDATE SET store_posts = report_days.store_posts + excluded.store_posts, store_posts_answered = report_days.store_posts_answered + excluded.store_posts_answered, store_posts_new = report_days.store_posts_new + excluded.store_posts_new;
	INSERT INTO report_days (store_id, day, staff_id, mentions_answered) SELECT r.store_id, (r.posted_at / 86400000)::integer, coalesce(r.replied_by_staff_id, ''), s WHERE r.status = 'replied' ON CONFLICT (store_id, day, staff_id) DO UPDATE SET mentions_answered = report_days.mentions_answered + excluded.mentions_answered;
	INSERT INTO report_days (store_id, day, staff_id, client_posts, client_posts_answered, client_posts_new) SELECT r.store_id, (r.posted_at / 86400000)::integer, (SELECT assigned_staff_id FROM customers WHERE id = r.customer_id), s, s * (r.status = 'replied')::integer, s * (r.status = 'new')::integer WHERE (SELECT assigned_staff_id FROM customers WHERE id = r.customer_id) IS NOT NULL ON CONFLICT (store_id, day, staff_id) DO UPDATE SET client_posts = report_days.client_posts + excluded.client_posts, client_posts_answered = report_days.client_posts_answered + excluded.client_posts_answered, client_posts_new = report_days.client_posts_new + excluded.client_posts_new;
	INSERT INTO report_hours (store_id, hour, posts_received) SELECT r.store_id, (r.posted_at / 3600000)::integer, s WHERE true ON CONFLICT (store_id, hour) DO UPDATE SET posts_received = report_hours.posts_received + excluded.posts_received;
	INSERT INTO report_hours (store_id, hour, posts_answered) SELECT r.store_id, (r.replied_at / 3600000)::integer, s WHERE r.status = 'replied' AND r.replied_at IS NOT NULL ON CONFLICT (store_id, hour) DO UPDATE SET posts_answered = report_hours.posts_answered + excluded.posts_answered;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION report_mentions_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM report_mention_apply(OLD, -1); END IF;
	IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM report_mention_apply(NEW, 1); END IF;
	IF TG_OP = 'INSERT' THEN IF NEW.status = 'replied' AND NEW.store_id IS NOT NULL AND NEW.replied_at IS NOT NULL THEN UPDATE report_days SET answer_ms = (answer_ms::jsonb || to_jsonb(NEW.replied_at - NEW.posted_at))::text WHERE store_id = NEW.store_id AND day = (NEW.posted_at / 86400000)::integer AND staff_id = coalesce(NEW.replied_by_staff_id, ''); END IF; END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') THEN IF OLD.status = 'replied' AND OLD.store_id IS NOT NULL THEN UPDATE report_days SET answer_ms = (SELECT coalesce(json_agg(m.replied_at - m.posted_at), '[]')::text FROM social_mentions m WHERE m.store_id = OLD.store_id AND m.posted_at >= (OLD.posted_at / 86400000)::integer::bigint * 86400000 AND m.posted_at < ((OLD.posted_at / 86400000)::integer + 1)::bigint * 86400000 AND m.status = 'replied' AND m.replied_at IS NOT NULL AND coalesce(m.replied_by_staff_id, '') = coalesce(OLD.replied_by_staff_id, '')) WHERE store_id = OLD.store_id AND day = (OLD.posted_at / 86400000)::integer AND staff_id = coalesce(OLD.replied_by_staff_id, ''); END IF; END IF;
	IF TG_OP = 'UPDATE' THEN IF NEW.status = 'replied' AND NEW.store_id IS NOT NULL THEN UPDATE report_days SET answer_ms = (SELECT coalesce(json_agg(m.replied_at - m.posted_at), '[]')::text FROM social_mentions m WHERE m.store_id = NEW.store_id AND m.posted_at >= (NEW.posted_at / 86400000)::integer::bigint * 86400000 AND m.posted_at < ((NEW.posted_at / 86400000)::integer + 1)::bigint * 86400000 AND m.status = 'replied' AND m.replied_at IS NOT NULL AND coalesce(m.replied_by_staff_id, '') = coalesce(NEW.replied_by_staff_id, '')) WHERE store_id = NEW.store_id AND day = (NEW.posted_at / 86400000)::integer AND staff_id = coalesce(NEW.replied_by_staff_id, ''); END IF; END IF;
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER report_mentions AFTER INSERT OR DELETE OR UPDATE OF store_id, status, posted_at, replied_at, replied_by_staff_id, customer_id ON social_mentions FOR EACH ROW EXECUTE FUNCTION report_mentions_change();
--> statement-breakpoint
CREATE FUNCTION report_customers_reassign() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_days (store_id, day, staff_id, client_posts, client_posts_answered, client_posts_new) SELECT store_id, (posted_at / 86400000)::integer, OLD.assigned_staff_id, -1 * count(*)::integer, -1 * count(*) FILTER (WHERE status = 'replied')::integer, -1 * count(*) FILTER (WHERE status = 'new')::integer FROM social_mentions WHERE customer_id = NEW.id AND store_id IS NOT NULL AND OLD.assigned_staff_id IS NOT NULL GROUP BY 1, 2, 3 ON CONFLICT (store_id, day, staff_id) DO UPDATE SET client_posts = report_days.client_posts + excluded.client_posts, client_posts_answered = report_days.client_posts_answered + excluded.client_posts_answered, client_posts_new = report_days.client_posts_new + excluded.client_posts_new;
	INSERT INTO report_days (store_id, day, staff_id, client_posts, client_posts_answered, client_posts_new) SELECT store_id, (posted_at / 86400000)::integer, NEW.assigned_staff_id, 1 * count(*)::integer, 1 * count(*) FILTER (WHERE status = 'replied')::integer, 1 * count(*) FILTER (WHERE status = 'new')::integer FROM social_mentions WHERE customer_id = NEW.id AND store_id IS NOT NULL AND NEW.assigned_staff_id IS NOT NULL GROUP BY 1, 2, 3 ON CONFLICT (store_id, day, staff_id) DO UPDATE SET client_posts = report_days.client_posts + excluded.client_posts, client_posts_answered = report_days.client_posts_answered + excluded.client_posts_answered, client_posts_new = report_days.client_posts_new + excluded.client_posts_new;
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER report_customers_reassign AFTER UPDATE OF assigned_staff_id ON customers FOR EACH ROW WHEN (OLD.assigned_staff_id IS DISTINCT FROM NEW.assigned_staff_id) EXECUTE FUNCTION report_customers_reassign();
--> statement-breakpoint
CREATE FUNCTION report_note_apply(r notes, s integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_days (store_id, day, staff_id, notes_written) SELECT r.store_id, (r.created_at / 86400000)::integer, r.staff_id, s WHERE true ON CONFLICT (store_id, day, staff_id) DO UPDATE SET notes_written = report_days.notes_written + excluded.notes_written;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION report_notes_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM report_note_apply(OLD, -1); END IF;
	IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM report_note_apply(NEW, 1); END IF;
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER report_notes AFTER INSERT OR DELETE OR UPDATE OF store_id, staff_id, created_at ON notes FOR EACH ROW EXECUTE FUNCTION report_notes_change();
--> statement-breakpoint
CREATE FUNCTION report_follow_up_apply(r follow_ups, s integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_days (store_id, day, staff_id, follow_ups_done) SELECT r.store_id, (r.done_at / 86400000)::integer, r.done_by_staff_id, s WHERE r.status = 'done' AND r.done_at IS NOT NULL AND r.done_by_staff_id IS NOT NULL ON CONFLICT (store_id, day, staff_id) DO UPDATE SET follow_ups_done = report_days.follow_ups_done + excluded.follow_ups_done;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION report_follow_ups_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM report_follow_up_apply(OLD, -1); END IF;
	IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM report_follow_up_apply(NEW, 1); END IF;
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER report_follow_ups AFTER INSERT OR DELETE OR UPDATE OF store_id, status, done_at, done_by_staff_id ON follow_ups FOR EACH ROW EXECUTE FUNCTION report_follow_ups_change();
--> statement-breakpoint
CREATE FUNCTION report_contact_apply(r contacts, s integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	UPDATE report_days SET contacted_last = contacted_last - 1 WHERE store_id = r.store_id AND staff_id = r.staff_id AND day = (SELECT (last_at / 86400000)::integer FROM report_contact_pairs WHERE store_id = r.store_id AND staff_id = r.staff_id AND customer_id = r.customer_id);
	DELETE FROM report_contact_pairs WHERE store_id = r.store_id AND staff_id = r.staff_id AND customer_id = r.customer_id;
	INSERT INTO report_contact_pairs (store_id, staff_id, customer_id, last_at) SELECT r.store_id, r.staff_id, r.customer_id, max(at) FROM contacts WHERE customer_id = r.customer_id AND store_id = r.store_id AND staff_id = r.staff_id HAVING max(at) IS NOT NULL;
	INSERT INTO report_days (store_id, day, staff_id, contacted_last) SELECT store_id, (last_at / 86400000)::integer, staff_id, 1 FROM report_contact_pairs WHERE store_id = r.store_id AND staff_id = r.staff_id AND customer_id = r.customer_id ON CONFLICT (store_id, day, staff_id) DO UPDATE SET contacted_last = report_days.contacted_last + excluded.contacted_last;
	UPDATE report_days SET contacted_last = contacted_last - 1 WHERE store_id = r.store_id AND staff_id = '' AND day = (SELECT (last_at / 86400000)::integer FROM report_contact_pairs WHERE store_id = r.store_id AND staff_id = '' AND customer_id = r.customer_id);
	DELETE FROM report_contact_pairs WHERE store_id = r.store_id AND staff_id = '' AND customer_id = r.customer_id;
	INSERT INTO report_contact_pairs (store_id, staff_id, customer_id, last_at) SELECT r.store_id, '', r.customer_id, max(at) FROM contacts WHERE customer_id = r.customer_id AND store_id = r.store_id  HAVING max(at) IS NOT NULL;
	INSERT INTO report_days (store_id, day, staff_id, contacted_last) SELECT store_id, (last_at / 86400000)::integer, staff_id, 1 FROM report_contact_pairs WHERE store_id = r.store_id AND staff_id = '' AND customer_id = r.customer_id ON CONFLICT (store_id, day, staff_id) DO UPDATE SET contacted_last = report_days.contacted_last + excluded.contacted_last;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION report_contacts_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM report_contact_apply(OLD, -1); END IF;
	IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM report_contact_apply(NEW, 1); END IF;
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER report_contacts AFTER INSERT OR DELETE OR UPDATE OF store_id, staff_id, customer_id, at ON contacts FOR EACH ROW EXECUTE FUNCTION report_contacts_change();
--> statement-breakpoint
CREATE FUNCTION report_variants_price() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_days (store_id, day, staff_id, picked_up_value_cents) SELECT store_id, (created_at / 86400000)::integer, staff_id, ((NEW.price_cents - OLD.price_cents) * sum(quantity))::integer FROM holds WHERE variant_id = NEW.id AND status = 'picked_up' GROUP BY 1, 2, 3 ON CONFLICT (store_id, day, staff_id) DO UPDATE SET picked_up_value_cents = report_days.picked_up_value_cents + excluded.picked_up_value_cents;
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER report_variants_price AFTER UPDATE OF price_cents ON product_variants FOR EACH ROW WHEN (OLD.price_cents IS DISTINCT FROM NEW.price_cents) EXECUTE FUNCTION report_variants_price();
--> statement-breakpoint
INSERT INTO report_days (store_id, day, staff_id, holds_placed, holds_active, holds_picked_up, holds_released, holds_expired, picked_up_value_cents) SELECT h.store_id, (h.created_at / 86400000)::integer, h.staff_id, count(*)::integer, count(*) FILTER (WHERE h.status = 'active')::integer, count(*) FILTER (WHERE h.status = 'picked_up')::integer, count(*) FILTER (WHERE h.status = 'released')::integer, count(*) FILTER (WHERE h.status = 'expired')::integer, coalesce(sum(h.quantity * v.price_cents) FILTER (WHERE h.status = 'picked_up'), 0)::integer FROM holds h JOIN product_variants v ON v.id = h.variant_id WHERE true GROUP BY 1, 2, 3 ON CONFLICT (store_id, day, staff_id) DO UPDATE SET holds_placed = report_days.holds_placed + excluded.holds_placed, holds_active = report_days.holds_active + excluded.holds_active, holds_picked_up = report_days.holds_picked_up + excluded.holds_picked_up, holds_released = report_days.holds_released + excluded.holds_released, holds_expired = report_days.holds_expired + excluded.holds_expired, picked_up_value_cents = report_days.picked_up_value_cents + excluded.picked_up_value_cents;
--> statement-breakpoint
INSERT INTO report_hours (store_id, hour, holds_placed) SELECT store_id, (created_at / 3600000)::integer, count(*)::integer FROM holds WHERE true GROUP BY 1, 2 ON CONFLICT (store_id, hour) DO UPDATE SET holds_placed = report_hours.holds_placed + excluded.holds_placed;
--> statement-breakpoint
INSERT INTO report_hours (store_id, hour, holds_picked_up) SELECT store_id, (resolved_at / 3600000)::integer, count(*)::integer FROM holds WHERE status = 'picked_up' AND resolved_at IS NOT NULL GROUP BY 1, 2 ON CONFLICT (store_id, hour) DO UPDATE SET holds_picked_up = report_hours.holds_picked_up + excluded.holds_picked_up;
--> statement-breakpoint
INSERT INTO report_days (store_id, day, staff_id, store_posts, store_posts_answered, store_posts_new) SELECT store_id, (posted_at / 86400000)::integer, '', count(*)::integer, count(*) FILTER (WHERE status = 'replied')::integer, count(*) FILTER (WHERE status = 'new')::integer FROM social_mentions WHERE store_id IS NOT NULL GROUP BY 1, 2, 3 ON CONFLICT (store_id, day, staff_id) DO UPDATE SET store_posts = report_days.store_posts + excluded.store_posts, store_posts_answered = report_days.store_posts_answered + excluded.store_posts_answered, store_posts_new = report_days.store_posts_new + excluded.store_posts_new;
--> statement-breakpoint
INSERT INTO report_days (store_id, day, staff_id, mentions_answered) SELECT store_id, (posted_at / 86400000)::integer, coalesce(replied_by_staff_id, ''), count(*)::integer FROM social_mentions WHERE store_id IS NOT NULL AND status = 'replied' GROUP BY 1, 2, 3 ON CONFLICT (store_id, day, staff_id) DO UPDATE SET mentions_answered = report_days.mentions_answered + excluded.mentions_answered;
--> statement-breakpoint
UPDATE report_days SET answer_ms = (SELECT coalesce(json_agg(m.replied_at - m.posted_at), '[]')::text FROM social_mentions m WHERE m.store_id = report_days.store_id AND m.posted_at >= report_days.day::bigint * 86400000 AND m.posted_at < (report_days.day + 1)::bigint * 86400000 AND m.status = 'replied' AND m.replied_at IS NOT NULL AND coalesce(m.replied_by_staff_id, '') = report_days.staff_id) WHERE mentions_answered > 0;
--> statement-breakpoint
INSERT INTO report_days (store_id, day, staff_id, client_posts, client_posts_answered, client_posts_new) SELECT m.store_id, (m.posted_at / 86400000)::integer, c.assigned_staff_id, count(*)::integer, count(*) FILTER (WHERE m.status = 'replied')::integer, count(*) FILTER (WHERE m.status = 'new')::integer FROM social_mentions m JOIN customers c ON c.id = m.customer_id WHERE m.store_id IS NOT NULL AND c.assigned_staff_id IS NOT NULL GROUP BY 1, 2, 3 ON CONFLICT (store_id, day, staff_id) DO UPDATE SET client_posts = report_days.client_posts + excluded.client_posts, client_posts_answered = report_days.client_posts_answered + excluded.client_posts_answered, client_posts_new = report_days.client_posts_new + excluded.client_posts_new;
--> statement-breakpoint
INSERT INTO report_hours (store_id, hour, posts_received) SELECT store_id, (posted_at / 3600000)::integer, count(*)::integer FROM social_mentions WHERE store_id IS NOT NULL GROUP BY 1, 2 ON CONFLICT (store_id, hour) DO UPDATE SET posts_received = report_hours.posts_received + excluded.posts_received;
--> statement-breakpoint
INSERT INTO report_hours (store_id, hour, posts_answered) SELECT store_id, (replied_at / 3600000)::integer, count(*)::integer FROM social_mentions WHERE store_id IS NOT NULL AND status = 'replied' AND replied_at IS NOT NULL GROUP BY 1, 2 ON CONFLICT (store_id, hour) DO UPDATE SET posts_answered = report_hours.posts_answered + excluded.posts_answered;
--> statement-breakpoint
INSERT INTO report_days (store_id, day, staff_id, notes_written) SELECT store_id, (created_at / 86400000)::integer, staff_id, count(*)::integer FROM notes WHERE true GROUP BY 1, 2, 3 ON CONFLICT (store_id, day, staff_id) DO UPDATE SET notes_written = report_days.notes_written + excluded.notes_written;
--> statement-breakpoint
INSERT INTO report_days (store_id, day, staff_id, follow_ups_done) SELECT store_id, (done_at / 86400000)::integer, done_by_staff_id, count(*)::integer FROM follow_ups WHERE status = 'done' AND done_at IS NOT NULL AND done_by_staff_id IS NOT NULL GROUP BY 1, 2, 3 ON CONFLICT (store_id, day, staff_id) DO UPDATE SET follow_ups_done = report_days.follow_ups_done + excluded.follow_ups_done;
--> statement-breakpoint
INSERT INTO report_contact_pairs (store_id, staff_id, customer_id, last_at) SELECT store_id, staff_id, customer_id, max(at) FROM contacts GROUP BY store_id, staff_id, customer_id;
--> statement-breakpoint
INSERT INTO report_contact_pairs (store_id, staff_id, customer_id, last_at) SELECT store_id, '', customer_id, max(at) FROM contacts GROUP BY store_id, customer_id;
--> statement-breakpoint
INSERT INTO report_days (store_id, day, staff_id, contacted_last) SELECT store_id, (last_at / 86400000)::integer, staff_id, count(*)::integer FROM report_contact_pairs WHERE true GROUP BY 1, 2, 3 ON CONFLICT (store_id, day, staff_id) DO UPDATE SET contacted_last = report_days.contacted_last + excluded.contacted_last;
