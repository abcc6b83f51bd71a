CREATE TABLE "inbound_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text,
	"store_id" text NOT NULL,
	"channel" text NOT NULL,
	"sender" text NOT NULL,
	"body" text NOT NULL,
	"provider_id" text NOT NULL,
	"status" text NOT NULL,
	"answered_by_staff_id" text,
	"answered_at" bigint,
	"received_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "provider_id" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "status_at" bigint;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_answered_by_staff_id_staff_id_fk" FOREIGN KEY ("answered_by_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_messages_provider_idx" ON "inbound_messages" USING btree ("channel","provider_id");--> statement-breakpoint
CREATE INDEX "inbound_messages_customer_idx" ON "inbound_messages" USING btree ("customer_id","received_at");--> statement-breakpoint
CREATE INDEX "inbound_messages_store_idx" ON "inbound_messages" USING btree ("store_id","status","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_provider_idx" ON "outbox" USING btree ("transport","provider_id");