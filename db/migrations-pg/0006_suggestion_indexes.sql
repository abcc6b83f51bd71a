CREATE INDEX "product_variants_product_size_idx" ON "product_variants" USING btree ("product_id","size");--> statement-breakpoint
CREATE INDEX "products_brand_idx" ON "products" USING btree ("brand");