CREATE TABLE "selection_items" (
	"id" text PRIMARY KEY NOT NULL,
	"selection_id" text NOT NULL,
	"product_id" text NOT NULL,
	"variant_id" text NOT NULL,
	"line" text NOT NULL,
	"position" integer NOT NULL,
	"response" text,
	"reason" text,
	"hold_id" text,
	"responded_at" bigint
);
--> statement-breakpoint
CREATE TABLE "selections" (
	"id" text PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"staff_id" text NOT NULL,
	"message" text NOT NULL,
	"link_id" text,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	"sent_at" bigint
);
--> statement-breakpoint
ALTER TABLE "selection_items" ADD CONSTRAINT "selection_items_selection_id_selections_id_fk" FOREIGN KEY ("selection_id") REFERENCES "public"."selections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selection_items" ADD CONSTRAINT "selection_items_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selection_items" ADD CONSTRAINT "selection_items_variant_id_product_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."product_variants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selection_items" ADD CONSTRAINT "selection_items_hold_id_holds_id_fk" FOREIGN KEY ("hold_id") REFERENCES "public"."holds"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selections" ADD CONSTRAINT "selections_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selections" ADD CONSTRAINT "selections_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selections" ADD CONSTRAINT "selections_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selections" ADD CONSTRAINT "selections_link_id_customer_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."customer_links"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "selection_items_position_uq" ON "selection_items" USING btree ("selection_id","position");--> statement-breakpoint
CREATE INDEX "selection_items_product_idx" ON "selection_items" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "selections_customer_idx" ON "selections" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "selections_store_idx" ON "selections" USING btree ("store_id","sent_at");--> statement-breakpoint
CREATE UNIQUE INDEX "selections_link_uq" ON "selections" USING btree ("link_id");--> statement-breakpoint
CREATE UNIQUE INDEX "selections_draft_uq" ON "selections" USING btree ("customer_id","staff_id","store_id") WHERE sent_at is null;