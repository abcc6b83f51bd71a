CREATE TABLE "offline_changes" (
	"staff_id" text NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"customer_id" text NOT NULL,
	"outcome" jsonb NOT NULL,
	"made_at" bigint NOT NULL,
	"applied_at" bigint NOT NULL,
	CONSTRAINT "offline_changes_staff_id_key_pk" PRIMARY KEY("staff_id","key")
);
--> statement-breakpoint
ALTER TABLE "offline_changes" ADD CONSTRAINT "offline_changes_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offline_changes" ADD CONSTRAINT "offline_changes_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;