ALTER TABLE "inbound_messages" ADD COLUMN "subject" text;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD COLUMN "email_message_id" text;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD COLUMN "assigned_staff_id" text;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD COLUMN "assigned_at" bigint;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_assigned_staff_id_staff_id_fk" FOREIGN KEY ("assigned_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inbound_messages_store_channel_idx" ON "inbound_messages" USING btree ("store_id","channel","status","received_at");--> statement-breakpoint
CREATE INDEX "inbound_messages_store_received_idx" ON "inbound_messages" USING btree ("store_id","received_at");