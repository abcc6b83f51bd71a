CREATE TABLE "store_social_accounts" (
	"store_id" text NOT NULL,
	"network" text NOT NULL,
	"account_id" text NOT NULL,
	"username" text NOT NULL,
	"access_token" text NOT NULL,
	"refresh_token" text,
	"expires_at" bigint,
	"connected_by_staff_id" text NOT NULL,
	"connected_at" bigint NOT NULL,
	CONSTRAINT "store_social_accounts_store_id_network_pk" PRIMARY KEY("store_id","network")
);
--> statement-breakpoint
ALTER TABLE "outbox" ALTER COLUMN "customer_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "mention_id" text;--> statement-breakpoint
ALTER TABLE "store_social_accounts" ADD CONSTRAINT "store_social_accounts_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_social_accounts" ADD CONSTRAINT "store_social_accounts_connected_by_staff_id_staff_id_fk" FOREIGN KEY ("connected_by_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_mention_id_social_mentions_id_fk" FOREIGN KEY ("mention_id") REFERENCES "public"."social_mentions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_mention_idx" ON "outbox" USING btree ("mention_id");