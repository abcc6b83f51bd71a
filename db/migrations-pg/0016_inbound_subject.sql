ALTER TABLE "inbound_messages" ADD COLUMN "subject" text;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD COLUMN "email_message_id" text;