/** Who looks after a customer, said only where it tells the viewer something. */
export function describeOwner(
  customer: { homeStoreName: string | null; assignedStaffName: string | null },
  viewer: { storeName: string; staffName: string },
): string | null {
  const { homeStoreName: store, assignedStaffName: associate } = customer;
  // Their own client, in their own store: the list they are looking at already says so.
  if (associate === viewer.staffName && (store === null || store === viewer.storeName)) return null;
  if (store === viewer.storeName) return associate ? `${associate}'s client` : "No associate yet";
  if (!store) return associate ? `${associate}'s client, no home store` : "No home store";
  return associate ? `${store} · ${associate}` : store;
}
