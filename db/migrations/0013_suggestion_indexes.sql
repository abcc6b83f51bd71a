CREATE INDEX `product_variants_product_size_idx` ON `product_variants` (`product_id`,`size`);--> statement-breakpoint
CREATE INDEX `products_brand_idx` ON `products` (`brand`);