import type { Metadata } from "next";
import { requireManager } from "@/lib/auth";
import { MAX_UPLOAD_BYTES } from "@/lib/customer-import";
import { Card } from "@/components/ui/card";
import { ImportForm } from "./import-form";

export const metadata: Metadata = { title: "Import customers" };

export default async function ImportCustomersPage() {
  const me = await requireManager();
  return (
    <div className="space-y-4">
      <div>
        <h2 className="text-xl font-semibold">Import customers</h2>
        <p className="text-muted">Bring customers in from Shopify, or correct many at once. New customers join {me.storeName}.</p>
      </div>
      <ImportForm maxBytes={MAX_UPLOAD_BYTES}>
        <Card title="What the file needs" id="import-help">
          <div className="space-y-3 text-sm leading-relaxed">
            <p>
              A Shopify customer export: in Shopify admin, <strong>Customers → Export</strong>, as <strong>CSV for Excel, Numbers, or other spreadsheet programs</strong>. Any CSV with the same column names in its first line works too.
            </p>
            <p>
              Used: <strong>First Name</strong>, <strong>Last Name</strong>, <strong>Email</strong>, <strong>Phone</strong>, Accepts Email Marketing, Accepts SMS Marketing (yes or no), Tags (separated by commas), Note, Customer ID, and the address: Company, Address1, Address2, City, Province, Country, Zip (or their &ldquo;Default Address&rdquo; versions). Other columns, such as Total Spent, are ignored.
            </p>
            <p>
              Each row needs a first or last name, and an email or phone. Phone numbers without a country code are read as US numbers. A file with no First Name or Last Name column, or with neither an Email nor a Phone column, is refused whole and nothing is saved.
            </p>
            <p>
              Customers already here are matched by Customer ID, then email, then phone, and only what differs is updated; an empty cell never erases what is saved. Importing the same file again changes nothing.
            </p>
            <p>
              Marketing consent is only ever withdrawn by a file: a &ldquo;no&rdquo; turns it off, but a &ldquo;yes&rdquo; never turns it back on for a customer already here, since they may have said no on their privacy page. New customers take the file&rsquo;s answer.
            </p>
          </div>
        </Card>
      </ImportForm>
    </div>
  );
}
