// Manager reports at scale: one busy store with a year of history, then
// p50/p95 for the dashboard figures and trend per period, a big client book
// page and audit pages.
//
//   npm run bench:dashboard                    # 20 associates, a year: ~250k holds, ~150k posts, ~400k contacts, ~1M audit entries
//   npm run bench:dashboard -- --scale 0.2     # a fifth of that, quicker
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { openDatabase } from "../db/index";
import { Rng } from "../db/seed/random";
import { getStoreDashboard, getStoreTrend } from "../lib/dashboard";
import { clientListParams, listClients } from "../lib/client-books";
import { auditParams, listAudit } from "../lib/audit-view";
import { localDate } from "../lib/dates";
import { bucketEdges, resolvePeriod } from "../lib/periods";

const flag = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const scale = Number(flag("--scale") ?? 1);
const file = path.resolve(`data/bench/dashboard-${scale}.db`);
const DAY = 86_400_000;
const ZONE = "America/New_York";
const now = new Date();
const n = (count: number) => Math.round(count * scale);

function build() {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  console.log(`Building ${file} (reused next time)…`);
  const { sqlite } = openDatabase(file);
  sqlite.pragma("synchronous = OFF");
  const rng = new Rng(11);
  const started = performance.now();
  const ago = (days: number) => now.getTime() - rng.next() * days * DAY;
  sqlite.transaction(() => {
    sqlite.prepare(`insert into stores (id, name, city, address, phone, timezone, opening_hours) values ('store', 'Busy Street', 'New York', '1 Busy St', '+12125550100', ?, '{}')`).run(ZONE);
    const staff = Array.from({ length: 21 }, (_, i) => `staff-${i}`);
    const addStaff = sqlite.prepare(`insert into staff (id, name, email, password_hash, role, store_id) values (?, ?, ?, 'x', ?, 'store')`);
    staff.forEach((id, i) => addStaff.run(id, `Person ${i}`, `p${i}@bench.example`, i === 0 ? "manager" : "associate"));
    const associates = staff.slice(1);
    sqlite.prepare(`insert into products (id, style_code, name, brand, category, price_cents, image_url) values ('p', 'P-1', 'Coat', 'Brand', 'coats', 50000, '/x.svg')`).run();
    sqlite.prepare(`insert into product_variants (id, product_id, sku, size, colour, colour_hex, price_cents, image_url) values ('v', 'p', 'SKU-1', 'M', 'Blue', '#00f', 50000, '/x.svg')`).run();
    const customers = n(60_000);
    const addCustomer = sqlite.prepare(`insert into customers (id, first_name, last_name, email, home_store_id, assigned_staff_id) values (?, ?, ?, ?, 'store', ?)`);
    for (let i = 0; i < customers; i++) addCustomer.run(`c${i}`, `First${i % 500}`, `Last${i % 997}`, `c${i}@bench.example`, i % 10 === 0 ? null : associates[i % associates.length]);
    const customer = () => `c${rng.int(0, customers - 1)}`;
    const who = () => rng.pick(associates);

    const addHold = sqlite.prepare(`insert into holds (id, customer_id, variant_id, store_id, staff_id, status, expires_at, idempotency_key, created_at, resolved_at) values (?, ?, 'v', 'store', ?, ?, ?, ?, ?, ?)`);
    for (let i = 0; i < n(250_000); i++) {
      const created = ago(365);
      const status = rng.pick(["picked_up", "picked_up", "released", "expired", "active"] as const);
      addHold.run(`h${i}`, customer(), who(), status, created + 2 * DAY, `k${i}`, created, status === "active" ? null : created + rng.int(1, 47) * 3_600_000);
    }
    const addMention = sqlite.prepare(`insert into social_mentions (id, network, external_id, handle, text, url, posted_at, store_id, status, replied_by_staff_id, replied_at, customer_id) values (?, 'x', ?, 'h', 't', 'u', ?, 'store', ?, ?, ?, ?)`);
    for (let i = 0; i < n(150_000); i++) {
      const posted = ago(365);
      const replied = rng.chance(0.6);
      addMention.run(`m${i}`, String(i), posted, replied ? "replied" : "new", replied ? who() : null, replied ? posted + rng.int(5, 3000) * 60_000 : null, customer());
    }
    const addContact = sqlite.prepare(`insert into contacts (id, customer_id, staff_id, store_id, kind, at) values (?, ?, ?, 'store', 'call', ?)`);
    for (let i = 0; i < n(400_000); i++) addContact.run(`ct${i}`, customer(), who(), ago(365));
    const addNote = sqlite.prepare(`insert into notes (id, customer_id, staff_id, store_id, body, created_at) values (?, ?, ?, 'store', 'n', ?)`);
    for (let i = 0; i < n(120_000); i++) addNote.run(`n${i}`, customer(), who(), ago(365));
    const addFollowUp = sqlite.prepare(`insert into follow_ups (id, customer_id, store_id, staff_id, created_by_staff_id, due_on, reason, status, done_at, done_by_staff_id) values (?, ?, 'store', ?, ?, ?, 'r', ?, ?, ?)`);
    for (let i = 0; i < n(40_000); i++) {
      const staffId = who();
      const done = rng.chance(0.8);
      const at = ago(365);
      addFollowUp.run(`f${i}`, customer(), staffId, staffId, localDate(new Date(at), ZONE), done ? "done" : "open", done ? at : null, done ? staffId : null);
    }
    const addAudit = sqlite.prepare(`insert into audit_log (id, at, staff_id, store_id, action, target_type, target_id, customer_id) values (?, ?, ?, 'store', ?, 'customer', ?, ?)`);
    for (let i = 0; i < n(1_000_000); i++) {
      const c = customer();
      addAudit.run(`a${i}`, ago(365), who(), rng.pick(["customer.viewed", "customer.viewed", "customer.viewed", "hold.placed", "note.added"]), c, c);
    }
  })();
  sqlite.pragma("optimize");
  console.log(`Built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return sqlite;
}

const sqlite = fs.existsSync(file) ? openDatabase(file).sqlite : build();
sqlite.close();
const { db } = openDatabase(file);
const count = (table: string) => Number((db.$client.prepare(`select count(*) n from ${table}`).get() as { n: number }).n).toLocaleString("en-US");
console.log(`One store, 20 associates: ${count("customers")} customers, ${count("holds")} holds, ${count("social_mentions")} posts, ${count("contacts")} contacts, ${count("notes")} notes, ${count("follow_ups")} follow-ups, ${count("audit_log")} audit entries\n`);

async function time(label: string, runs: number, work: () => Promise<unknown>) {
  await work(); // warm
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await work();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(1);
  console.log(`${label.padEnd(44)} p50 ${at(50).padStart(7)} ms   p95 ${at(95).padStart(7)} ms`);
}

const today = localDate(now, ZONE);
for (const days of ["7", "30", "90"]) {
  const { period } = resolvePeriod({ days }, { timeZone: ZONE, now });
  await time(`dashboard figures, last ${days} days`, 20, () => getStoreDashboard(db, { storeId: "store", period, today, now }));
  await time(`trend chart, last ${days} days`, 20, () => getStoreTrend(db, { storeId: "store", edges: bucketEdges(period, ZONE) }));
}
const { period: year } = resolvePeriod({ from: localDate(new Date(now.getTime() - 364 * DAY), ZONE), to: today }, { timeZone: ZONE, now });
await time("dashboard figures, a whole year", 10, () => getStoreDashboard(db, { storeId: "store", period: year, today, now }));
await time("trend chart, a whole year (weekly)", 10, () => getStoreTrend(db, { storeId: "store", edges: bucketEdges(year, ZONE) }));
for (const sort of ["name", "last_contact", "next_follow_up"] as const) {
  await time(`client book of ~${Math.round((Number(count("customers").replace(/,/g, "")) * 0.9) / 20).toLocaleString("en-US")}, sorted by ${sort}`, 20, () =>
    listClients(db, { owner: { staffId: "staff-2" }, now, today, params: clientListParams.parse({ sort }) }),
  );
}
await time("audit, newest page", 20, () => listAudit(db, { storeId: "store", timeZone: ZONE, params: auditParams.parse({}) }));
await time("audit, one rare action (reassignments)", 20, () => listAudit(db, { storeId: "store", timeZone: ZONE, params: auditParams.parse({ action: "customer.reassigned" }) }));
await time("audit, one associate, one action", 20, () => listAudit(db, { storeId: "store", timeZone: ZONE, params: auditParams.parse({ staff: "staff-3", action: "note.added" }) }));
await time("audit, one customer", 20, () => listAudit(db, { storeId: "store", timeZone: ZONE, params: auditParams.parse({ customer: "c42" }) }));
