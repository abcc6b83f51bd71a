import { randomUUID } from "node:crypto";
import type { Db } from "@/db";
import { customerHandles, customers, productVariants, products, staff, storeStock, stores, type Network, type StaffRole } from "@/db/schema";
import { reindexCustomer } from "@/lib/customers";

export async function createStore(db: Db, overrides: Partial<typeof stores.$inferInsert> = {}) {
  const row = {
    id: randomUUID(),
    name: "Test Street",
    city: "Testville",
    address: "1 Test Street",
    phone: "+12125550100",
    timezone: "America/New_York",
    openingHours: {},
    ...overrides,
  };
  await db.insert(stores).values(row);
  return row;
}

export async function createStaff(db: Db, input: { storeId: string; role?: StaffRole; email?: string; passwordHash?: string; name?: string; active?: boolean }) {
  const row = {
    id: randomUUID(),
    name: input.name ?? "Test Person",
    email: input.email ?? `${randomUUID()}@shop.example`,
    passwordHash: input.passwordHash ?? "not-a-hash",
    role: input.role ?? ("associate" as const),
    storeId: input.storeId,
    active: input.active ?? true,
  };
  await db.insert(staff).values(row);
  return row;
}

export async function createCustomer(
  db: Db,
  input: { firstName: string; lastName: string; email?: string; phone?: string; handles?: Array<[Network, string]>; homeStoreId?: string; assignedStaffId?: string },
) {
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await tx
      .insert(customers)
      .values({ id, firstName: input.firstName, lastName: input.lastName, email: input.email ?? null, phone: input.phone ?? null, homeStoreId: input.homeStoreId, assignedStaffId: input.assignedStaffId })
      ;
    for (const [network, handle] of input.handles ?? []) await tx.insert(customerHandles).values({ id: randomUUID(), customerId: id, network, handle });
    await reindexCustomer(tx, id);
  });
  return id;
}

export async function createVariantInStock(db: Db, { storeId, onHand, size = "M" }: { storeId: string; onHand: number; size?: string }) {
  const productId = randomUUID();
  const variantId = randomUUID();
  await db.insert(products)
    .values({ id: productId, styleCode: `T-${productId.slice(0, 8)}`, name: "Test Coat", brand: "Testbrand", category: "coats", priceCents: 50000, imageUrl: "/media/products/coats-1f4fb8.svg" })
    ;
  await db.insert(productVariants)
    .values({ id: variantId, productId, sku: `SKU-${variantId.slice(0, 8)}`, size, colour: "Cobalt blue", colourHex: "#1f4fb8", priceCents: 50000, imageUrl: "/media/products/coats-1f4fb8.svg" })
    ;
  await db.insert(storeStock).values({ storeId, variantId, onHand });
  return { productId, variantId };
}
